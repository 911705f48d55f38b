import type { HappyHorseError } from "@happyhorse/core/node"
import { explainError, isHappyHorseError } from "@happyhorse/core/surface"
import type { ZObject } from "zapier-platform-core"

type ZapierErrors = ZObject["errors"]

/** Zapier's default wait before it retries a throttled call, when the gateway named none. */
export const DEFAULT_THROTTLE_SECONDS = 60

// Already Zapier's own: pass through unchanged.
const zapierErrorNames: ReadonlySet<string> = new Set([
  "AppError",
  "HaltedError",
  "ExpiredAuthError",
  "RefreshAuthError",
  "ThrottledError",
  "ResponseError",
  "DehydrateError",
])

const httpStatusOf = (error: HappyHorseError): number | undefined =>
  "status" in error && typeof error.status === "number" ? error.status : undefined

/** What the failing step was doing, for errors that may have cost money. */
export interface ErrorContext {
  /** The step sends a paid submit; names the request in a halted error when no task id is known. */
  readonly submit?: { readonly request: string }
}

/**
 * The core's typed errors as Zapier's error types, decided by the kit's explanation: throttled
 * (with the delay) for 429, halted for anything a replay could pay for twice (a submit in doubt,
 * a step stopped mid-submit) and for a content refusal or an empty balance, expired auth for a
 * refused key, and a plain error (coded with the core's tag) for everything else.
 */
export const toZapierError = (errors: ZapierErrors, error: unknown, context: ErrorContext = {}): Error => {
  if (error instanceof Error && zapierErrorNames.has(error.name)) return error
  const explained = explainError(error)
  const taskId = isHappyHorseError(error) && "taskId" in error && typeof error.taskId === "string" ? error.taskId : undefined
  // Zapier replays a failed step on its own; a HaltedError it never replays.
  if (context.submit !== undefined && !explained.safeToResend && explained.category !== "rate-limit") {
    const what = taskId === undefined ? context.submit.request : `task ${taskId}`
    return new errors.HaltedError(`${explained.title}. It may have been billed: ${what}. ${explained.hint}`)
  }
  switch (explained.category) {
    case "rate-limit": {
      const seconds = explained.retryAfterMs === undefined ? DEFAULT_THROTTLE_SECONDS : Math.max(1, Math.ceil(explained.retryAfterMs / 1000))
      return new errors.ThrottledError(explained.title, seconds)
    }
    case "content":
    case "balance":
      return new errors.HaltedError(explained.title)
    case "auth":
      return new errors.ExpiredAuthError(explained.title)
  }
  // A status read cut off at the deadline: safe to run again.
  if (explained.tag === "TimeoutError") return new errors.Error("the gateway did not answer in time; run the step again", "Timeout")
  if (!isHappyHorseError(error)) return new errors.Error(explained.title, "Unexpected")
  const status = httpStatusOf(error)
  return status === undefined ? new errors.Error(error.message, error._tag) : new errors.Error(error.message, error._tag, status)
}

/** Runs a Zapier method body and rethrows any failure as a Zapier error. */
export const mapErrors = async <A>(z: ZObject, body: () => Promise<A>, context: ErrorContext = {}): Promise<A> => {
  try {
    return await body()
  } catch (error) {
    throw toZapierError(z.errors, error, context)
  }
}

export { isHappyHorseError }
