import type { DurationModel } from "./domain/TimeModel.js"

/** Fault knobs. Rates are probabilities in [0, 1], drawn from the seeded PRNG. */
export interface Faults {
  /** Share of API requests answered with a 500 in the gateway's error shape. */
  readonly serverErrorRate: number
  /** Share of API requests whose connection is reset before any reply. */
  readonly resetRate: number
  /** Real milliseconds added before every API reply. */
  readonly slowReplyMs: number
  /** Share of downloads cut off halfway through the body. */
  readonly truncateDownloadRate: number
  /** Share of tasks that end failed (and are not billed). */
  readonly taskFailureRate: number
  /** A prompt containing this text (case-insensitive) is refused by content review at submit. */
  readonly rejectKeyword: string | undefined
  /** API keys with no balance left. */
  readonly noBalanceKeys: ReadonlyArray<string>
  /**
   * A careless gateway: every error reply (500s, 401s) echoes the caller's key, in its JSON
   * message, as plain text holding the request's credential header, or in a reply header.
   */
  readonly echoKey: "json" | "text" | "header" | undefined
}

export interface Limits {
  /** Accepted submits per second per API key (sandbox time). Unlimited when absent. */
  readonly submitsPerSecond?: number
  /** Unfinished tasks per API key. Unlimited when absent. */
  readonly concurrentTasks?: number
}

export interface SandboxLogEvent {
  readonly level: "info" | "warn"
  readonly message: string
  readonly data?: Record<string, unknown>
}

export interface SandboxOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number
  /** Sandbox seconds per real second. Default 1. */
  readonly timeScale?: number
  /** Seed for every random draw (ids, durations, faults). Default 1. */
  readonly seed?: number | string
  /** Allows callbacks to loopback/private http addresses. Default false. */
  readonly testMode?: boolean
  /** Generation time distribution, or a fixed time. */
  readonly durations?: DurationModel
  readonly limits?: Limits
  readonly faults?: Partial<Faults>
  /** API keys answered with 401. Any other key is accepted. */
  readonly invalidKeys?: ReadonlyArray<string>
  /** Where rendered MP4s are cached. Default: a folder under the OS temp dir. */
  readonly cacheDir?: string
  /** Alias of cacheDir. */
  readonly outputDir?: string
  /** Called for notable events (start, faults, callbacks). */
  readonly logger?: (event: SandboxLogEvent) => void
}

export const defaultFaults: Faults = {
  serverErrorRate: 0,
  resetRate: 0,
  slowReplyMs: 0,
  truncateDownloadRate: 0,
  taskFailureRate: 0,
  rejectKeyword: undefined,
  noBalanceKeys: [],
  echoKey: undefined,
}

export const mergeFaults = (base: Faults, patch: Partial<Faults>): Faults => {
  const out: { -readonly [K in keyof Faults]: Faults[K] } = { ...base }
  for (const key of Object.keys(patch) as Array<keyof Faults>) {
    if (key === "rejectKeyword") out.rejectKeyword = patch.rejectKeyword
    else if (key === "echoKey") out.echoKey = patch.echoKey
    else if (key === "noBalanceKeys") out.noBalanceKeys = patch.noBalanceKeys ?? []
    else {
      const value = patch[key]
      if (typeof value === "number") out[key] = value
    }
  }
  return out
}
