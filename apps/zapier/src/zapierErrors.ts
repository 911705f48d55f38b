import type { HappyHorseError } from "@happyhorse/core/node"
import type { ZObject } from "zapier-platform-core"

type ZapierErrors = ZObject["errors"]

/** Zapier's default wait before it retries a throttled call, when the gateway named none. */
export const DEFAULT_THROTTLE_SECONDS = 60

const happyHorseTags: ReadonlySet<string> = new Set<HappyHorseError["_tag"]>([
  "ValidationError",
  "ValidationErrors",
  "AuthError",
  "InsufficientBalance",
  "ContentRejected",
  "RateLimited",
  "GatewayError",
  "TransportError",
  "TaskFailed",
  "TaskCanceled",
  "WatchTimeout",
  "SubmitInDoubt",
  "ResultExpired",
  "MalformedReply",
  "DownloadFailed",
  "BudgetExceeded",
])

export const isHappyHorseError = (error: unknown): error is HappyHorseError =>
  error instanceof Error && "_tag" in error && typeof error._tag === "string" && happyHorseTags.has(error._tag)

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

/**
 * The core's typed errors as Zapier's error types: throttled (with the delay) for 429, halted
 * for a content refusal or an empty balance, expired auth for a refused key, and a plain error
 * (coded with the core's tag) for everything else.
 */
export const toZapierError = (errors: ZapierErrors, error: unknown): Error => {
  if (error instanceof Error && zapierErrorNames.has(error.name)) return error
  if (isHappyHorseError(error)) {
    switch (error._tag) {
      case "RateLimited": {
        const seconds =
          error.retryAfterMs === undefined ? DEFAULT_THROTTLE_SECONDS : Math.max(1, Math.ceil(error.retryAfterMs / 1000))
        return new errors.ThrottledError(error.message, seconds)
      }
      case "ContentRejected":
      case "InsufficientBalance":
        return new errors.HaltedError(error.message)
      case "AuthError":
        return new errors.ExpiredAuthError(error.message)
      default: {
        const status = httpStatusOf(error)
        return status === undefined ? new errors.Error(error.message, error._tag) : new errors.Error(error.message, error._tag, status)
      }
    }
  }
  // A status read cut off at the deadline: safe to run again.
  if (error instanceof Error && error.name === "TimeoutError") {
    return new errors.Error("the gateway did not answer in time; run the step again", "Timeout")
  }
  return new errors.Error(error instanceof Error ? error.message : String(error), "Unexpected")
}

/** Runs a Zapier method body and rethrows any failure as a Zapier error. */
export const mapErrors = async <A>(z: ZObject, body: () => Promise<A>): Promise<A> => {
  try {
    return await body()
  } catch (error) {
    throw toZapierError(z.errors, error)
  }
}
