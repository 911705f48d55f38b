import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type { LedgerWriter } from "../domain/Ledger.js"
import type { SandboxClock } from "../domain/SandboxClock.js"
import type { Task } from "../domain/Task.js"
import type { SandboxLogEvent } from "../Options.js"
import type { CallbackPolicy, CallbackRegistry } from "../SandboxEnv.js"

export class CallbackNotAcknowledged extends Schema.TaggedError<CallbackNotAcknowledged>()("CallbackNotAcknowledged", {
  taskId: Schema.String,
  url: Schema.String,
  attempt: Schema.Number,
  status: Schema.optional(Schema.Number),
  reason: Schema.String,
}) {}

interface PolicyTiming {
  /** Per-call timeout, sandbox ms. */
  readonly timeoutMs: number
  /** Waits before each retry, sandbox ms. */
  readonly retryDelaysMs: ReadonlyArray<number>
}

// EvoLink documents 10 s per call and 3 retries at 1/2/4 s. AceData documents one POST and no retries.
const TIMINGS: Record<CallbackPolicy, PolicyTiming> = {
  evolink: { timeoutMs: 10_000, retryDelaysMs: [1_000, 2_000, 4_000] },
  acedata: { timeoutMs: 10_000, retryDelaysMs: [] },
}

/** Real time never goes below this per call, so a local receiver can answer at high time scales. */
const MIN_REAL_TIMEOUT_MS = 250

interface Registration {
  readonly url: string
  readonly policy: CallbackPolicy
  readonly body: (task: Task) => unknown
}

export interface DeliveryPlan {
  readonly taskId: string
  readonly url: string
  /** Per-call timeout (real time, already scaled). */
  readonly timeout: Duration.Duration
  /** Waits before each retry (real time, already scaled). */
  readonly retryDelays: ReadonlyArray<Duration.Duration>
  /** Sends the body once; resolves with the HTTP status. */
  readonly post: (signal: AbortSignal) => Promise<number>
  /** Called after every attempt; `error` is undefined when it was acknowledged. */
  readonly onAttempt: (attempt: number, status: number | undefined, error: string | undefined) => void
}

/** One callback delivery: each call times out, a non-2xx or failure is retried on the given waits. */
export const deliverWithRetries = (plan: DeliveryPlan): Effect.Effect<void, CallbackNotAcknowledged> => {
  let attempt = 0
  const once = Effect.suspend(() => {
    attempt += 1
    const n = attempt
    const fail = (reason: string, status?: number) =>
      new CallbackNotAcknowledged({ taskId: plan.taskId, url: plan.url, attempt: n, reason, ...(status === undefined ? {} : { status }) })
    return Effect.tryPromise({ try: (signal) => plan.post(signal), catch: (cause) => fail(cause instanceof Error ? cause.message : String(cause)) }).pipe(
      Effect.timeoutFail({ duration: plan.timeout, onTimeout: () => fail("timed out") }),
      Effect.tapError((e) => Effect.sync(() => plan.onAttempt(n, e.status, e.reason))),
      Effect.flatMap((status) => {
        const ok = status >= 200 && status < 300
        plan.onAttempt(n, status, ok ? undefined : `HTTP ${status}`)
        return ok ? Effect.void : Effect.fail(fail("non-2xx", status))
      }),
    )
  })
  const [first, ...rest] = plan.retryDelays
  return first === undefined ? once : once.pipe(Effect.retry(Schedule.fromDelays(first, ...rest)))
}

export const makeCallbackRegistry = (
  clock: SandboxClock,
  ledger: LedgerWriter,
  log: (event: SandboxLogEvent) => void,
): CallbackRegistry & { readonly deliverFor: (task: Task) => void } => {
  const registrations = new Map<string, Array<Registration>>()
  const inFlight = new Set<Promise<unknown>>()

  const deliver = (task: Task, registration: Registration) => {
    const timing = TIMINGS[registration.policy]
    const payload = JSON.stringify(registration.body(task))
    const program = deliverWithRetries({
      taskId: task.id,
      url: registration.url,
      timeout: Duration.millis(Math.max(MIN_REAL_TIMEOUT_MS, clock.toReal(timing.timeoutMs))),
      retryDelays: timing.retryDelaysMs.map((ms) => Duration.millis(clock.toReal(ms))),
      post: (signal) =>
        fetch(registration.url, {
          method: "POST",
          headers: { "content-type": "application/json", "user-agent": "happyhorse-sandbox" },
          body: payload,
          signal,
        }).then(async (response) => {
          await response.arrayBuffer().catch(() => undefined)
          return response.status
        }),
      onAttempt: (attempt, status, error) =>
        ledger.recordCallback({
          apiKey: task.apiKey,
          dialect: task.dialect,
          taskId: task.id,
          url: registration.url,
          attempt,
          status,
          error,
          ok: error === undefined,
          sandboxMs: clock.now(),
          realMs: clock.realNow(),
        }),
    }).pipe(
      Effect.catchAll((e) =>
        Effect.sync(() =>
          log({ level: "warn", message: "callback gave up", data: { taskId: e.taskId, url: e.url, attempts: e.attempt } }),
        ),
      ),
    )
    const running = Effect.runPromise(program)
    inFlight.add(running)
    void running.finally(() => inFlight.delete(running))
  }

  return {
    register: (task, url, policy, body) => {
      const list = registrations.get(task.id) ?? []
      list.push({ url, policy, body })
      registrations.set(task.id, list)
    },
    deliverFor: (task) => {
      const list = registrations.get(task.id)
      if (list === undefined) return
      registrations.delete(task.id)
      for (const registration of list) deliver(task, registration)
    },
    idle: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight])
    },
  }
}
