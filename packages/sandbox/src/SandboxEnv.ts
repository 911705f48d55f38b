import { createHash } from "node:crypto"
import type { Faults, SandboxLogEvent } from "./Options.js"
import type { LedgerWriter } from "./domain/Ledger.js"
import type { Random } from "./domain/Random.js"
import type { RateLimiter } from "./domain/RateLimiter.js"
import type { SandboxClock } from "./domain/SandboxClock.js"
import type { DialectName, Task, TaskSpec } from "./domain/Task.js"
import type { TaskBook } from "./domain/TaskBook.js"
import { frameSize } from "./domain/Geometry.js"
import type { RenderedFile, Renderer } from "./media/Renderer.js"
import { wireError, type WireError } from "./http/Wire.js"

export type CallbackPolicy = "evolink" | "acedata"

export interface CallbackRegistry {
  /** Delivers `body(task)` to `url` once the task settles, with the policy's timeout and retries. */
  readonly register: (task: Task, url: string, policy: CallbackPolicy, body: (task: Task) => unknown) => void
  /** Resolves when every started delivery has finished (for tests and close). */
  readonly idle: () => Promise<void>
}

/** Everything a dialect handler needs from the running sandbox. */
export interface SandboxEnv {
  readonly clock: SandboxClock
  readonly book: TaskBook
  readonly ledger: LedgerWriter
  readonly limiter: RateLimiter
  readonly faults: () => Faults
  /** Draws ids. */
  readonly ids: Random
  /** Draws faults. */
  readonly chance: Random
  readonly testMode: boolean
  readonly origin: () => string
  readonly renderer: Renderer
  readonly callbacks: CallbackRegistry
  readonly log: (event: SandboxLogEvent) => void
}

const fingerprint = (dialect: DialectName, request: unknown): string =>
  createHash("sha256").update(`${dialect}:${JSON.stringify(request)}`).digest("hex").slice(0, 16)

export type Admission = { readonly ok: true; readonly task: Task } | { readonly ok: false; readonly error: WireError }

/** The paid step shared by every dialect: limits, balance, content review, then a task and a ledger row. */
export const admit = (
  env: SandboxEnv,
  input: {
    readonly dialect: DialectName
    readonly apiKey: string
    readonly spec: TaskSpec
    readonly request: unknown
    readonly id: string
  },
): Admission => {
  const now = env.clock.now()
  const verdict = env.limiter.admit(input.apiKey, now, env.book.running(input.apiKey))
  if (!verdict.ok) {
    const message =
      verdict.reason === "rate" ? "Too many requests, please slow down" : "Too many concurrent tasks for this key"
    return { ok: false, error: { kind: "rate_limited", message, retryAfterSeconds: verdict.retryAfterSeconds } }
  }
  const faults = env.faults()
  if (faults.noBalanceKeys.includes(input.apiKey)) {
    return { ok: false, error: wireError("no_balance", "Insufficient balance, please recharge") }
  }
  const keyword = faults.rejectKeyword
  if (keyword !== undefined && keyword.length > 0 && input.spec.prompt.toLowerCase().includes(keyword.toLowerCase())) {
    return { ok: false, error: wireError("rejected", "The prompt was rejected by content review", "prompt") }
  }
  const fails = faults.taskFailureRate > 0 && env.chance.next() < faults.taskFailureRate
  const task = env.book.create({
    id: input.id,
    dialect: input.dialect,
    apiKey: input.apiKey,
    spec: input.spec,
    request: input.request,
    fail: fails ? { ok: false, code: "InternalError", message: "Video generation failed upstream" } : undefined,
  })
  env.ledger.recordSubmit({
    apiKey: input.apiKey,
    dialect: input.dialect,
    taskId: task.id,
    model: input.spec.model,
    kind: input.spec.kind,
    fingerprint: fingerprint(input.dialect, input.request),
    sandboxMs: now,
    realMs: env.clock.realNow(),
  })
  return { ok: true, task }
}

export const fileUrl = (env: SandboxEnv, task: Task): string => `${env.origin()}/files/${task.fileToken}.mp4`

export const renderTask = (env: SandboxEnv, task: Task): Promise<RenderedFile> => {
  const { width, height } = frameSize(task.spec.resolution, task.spec.ratio)
  return env.renderer.render({ width, height, seconds: task.spec.outputSeconds, prompt: task.spec.prompt })
}

/**
 * Length of an edit's input video. A sandbox result URL has a known length; any other URL gets a
 * stable pseudo-random length of 3-60 s (we never fetch outside inputs).
 */
export const assumedInputSeconds = (env: SandboxEnv, url: string): number => {
  const match = /\/files\/([a-z0-9]+)\.mp4/.exec(url)
  const own = match?.[1] === undefined ? undefined : env.book.byFileToken(match[1])
  if (own !== undefined) return own.spec.outputSeconds
  const h = createHash("sha256").update(url).digest()
  return 3 + ((h[0] ?? 0) % 58)
}

/** Edit output: the input length, capped at 15 s, at least 3 s. */
export const editOutputSeconds = (inputSeconds: number): number => Math.max(3, Math.min(15, inputSeconds))

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/

/** True when a prompt is within 5000 non-Chinese or 2500 Chinese characters. */
export const promptFits = (prompt: string): boolean => (CJK.test(prompt) ? prompt.length <= 2500 : prompt.length <= 5000)

export const truncatePrompt = (prompt: string): string => prompt.slice(0, CJK.test(prompt) ? 2500 : 5000)

/** `2026-11-21 08:47:27.123`, the DashScope time format (UTC here). */
export const dashTime = (ms: number): string => new Date(ms).toISOString().replace("T", " ").replace("Z", "")
