import * as Schema from "effect/Schema"
import { GatewayName } from "./Gateway.js"

// Every error carries the context a person needs to act, and never an API key:
// keys stay `Redacted` and no error has a field that could hold one.

/** The gateway's id for the failed request or trace, when its reply has one: quote it to the gateway's support. */
const RequestId = Schema.optional(Schema.String)

/** " (request id X)", or nothing. */
const requestIdText = (requestId: string | undefined): string => (requestId === undefined ? "" : ` (request id ${requestId})`)

/** Bad input, found before any network call. */
export class ValidationError extends Schema.TaggedError<ValidationError>()("ValidationError", {
  field: Schema.String,
  /** A short, printable preview of the offending value. */
  value: Schema.String,
  rule: Schema.String,
}) {
  override get message(): string {
    return `${this.field}: ${this.rule} (got ${this.value})`
  }
}

/** Several validation failures at once, so a user can fix them all in one go. */
export class ValidationErrors extends Schema.TaggedError<ValidationErrors>()("ValidationErrors", {
  errors: Schema.Array(ValidationError),
}) {
  override get message(): string {
    return this.errors.map((e) => e.message).join("; ")
  }
}

export class AuthError extends Schema.TaggedError<AuthError>()("AuthError", {
  gateway: GatewayName,
  status: Schema.Number,
  detail: Schema.String,
  requestId: RequestId,
}) {
  override get message(): string {
    return `${this.gateway} refused the API key (HTTP ${this.status}): ${this.detail}${requestIdText(this.requestId)}`
  }
}

export class InsufficientBalance extends Schema.TaggedError<InsufficientBalance>()("InsufficientBalance", {
  gateway: GatewayName,
  detail: Schema.String,
  requestId: RequestId,
}) {
  override get message(): string {
    return `${this.gateway}: insufficient balance: ${this.detail}${requestIdText(this.requestId)}`
  }
}

export class ContentRejected extends Schema.TaggedError<ContentRejected>()("ContentRejected", {
  gateway: GatewayName,
  detail: Schema.String,
  taskId: Schema.optional(Schema.String),
  requestId: RequestId,
}) {
  override get message(): string {
    return `${this.gateway} rejected the content: ${this.detail}${requestIdText(this.requestId)}`
  }
}

export class RateLimited extends Schema.TaggedError<RateLimited>()("RateLimited", {
  gateway: GatewayName,
  /** From Retry-After, when the gateway sent it. */
  retryAfterMs: Schema.optional(Schema.Number),
  detail: Schema.String,
  requestId: RequestId,
}) {
  override get message(): string {
    const wait = this.retryAfterMs === undefined ? "" : ` (retry after ${Math.ceil(this.retryAfterMs / 1000)} s)`
    return `${this.gateway} rate limit${wait}: ${this.detail}${requestIdText(this.requestId)}`
  }
}

/** The gateway failed (5xx, an unknown error code, a refusal we cannot classify). */
export class GatewayError extends Schema.TaggedError<GatewayError>()("GatewayError", {
  gateway: GatewayName,
  operation: Schema.String,
  status: Schema.optional(Schema.Number),
  code: Schema.optional(Schema.String),
  detail: Schema.String,
  requestId: RequestId,
}) {
  override get message(): string {
    const http = this.status === undefined ? "" : ` HTTP ${this.status}`
    const code = this.code === undefined ? "" : ` [${this.code}]`
    return `${this.gateway} ${this.operation} failed${http}${code}: ${this.detail}${requestIdText(this.requestId)}`
  }
}

/** A network failure on an idempotent call, after its retries. */
export class TransportError extends Schema.TaggedError<TransportError>()("TransportError", {
  gateway: GatewayName,
  operation: Schema.String,
  detail: Schema.String,
}) {
  override get message(): string {
    return `${this.gateway} ${this.operation}: network failure: ${this.detail}`
  }
}

/** The task ran and failed on the gateway. Failed tasks are not billed. */
export class TaskFailed extends Schema.TaggedError<TaskFailed>()("TaskFailed", {
  gateway: GatewayName,
  taskId: Schema.String,
  code: Schema.optional(Schema.String),
  reason: Schema.String,
}) {
  override get message(): string {
    return `task ${this.taskId} failed on ${this.gateway}${this.code ? ` [${this.code}]` : ""}: ${this.reason}`
  }
}

export class TaskCanceled extends Schema.TaggedError<TaskCanceled>()("TaskCanceled", {
  gateway: GatewayName,
  taskId: Schema.String,
}) {
  override get message(): string {
    return `task ${this.taskId} was canceled on ${this.gateway}`
  }
}

/** The overall deadline of a watch passed; the task may still finish on the gateway. */
export class WatchTimeout extends Schema.TaggedError<WatchTimeout>()("WatchTimeout", {
  gateway: GatewayName,
  taskId: Schema.String,
  elapsedMs: Schema.Number,
  lastStatus: Schema.String,
}) {
  override get message(): string {
    return `task ${this.taskId} on ${this.gateway} did not finish within ${Math.round(this.elapsedMs / 1000)} s (last status: ${this.lastStatus}); it may still finish: watch it again by id`
  }
}

/**
 * A submit whose body may have reached the gateway, with no usable answer. It may have been
 * charged. It is never resent automatically.
 */
export class SubmitInDoubt extends Schema.TaggedError<SubmitInDoubt>()("SubmitInDoubt", {
  gateway: GatewayName,
  reason: Schema.String,
  /** What we know: the HTTP status if one came, the time it was sent. */
  status: Schema.optional(Schema.Number),
  sentAt: Schema.Number,
}) {
  override get message(): string {
    return `submit to ${this.gateway} may or may not have been accepted (${this.reason}); it was not resent to avoid a second charge`
  }
}

/**
 * The task id or the result URL is past its life (24 h on every gateway). `orNotAllowed` is set
 * where the gateway refused (403) without saying why: the result may be gone, or not this key's.
 */
export class ResultExpired extends Schema.TaggedError<ResultExpired>()("ResultExpired", {
  gateway: GatewayName,
  taskId: Schema.String,
  detail: Schema.String,
  orNotAllowed: Schema.optional(Schema.Boolean),
}) {
  override get message(): string {
    const what = this.orNotAllowed === true ? "has expired or is not allowed for this key" : "has expired"
    return `the result of task ${this.taskId} on ${this.gateway} ${what}: ${this.detail}`
  }
}

/** A reply that does not match the gateway's documented shape. */
export class MalformedReply extends Schema.TaggedError<MalformedReply>()("MalformedReply", {
  gateway: GatewayName,
  operation: Schema.String,
  status: Schema.Number,
  issue: Schema.String,
  /** The first characters of the body, for a bug report. */
  bodyPreview: Schema.String,
}) {
  override get message(): string {
    return `${this.gateway} ${this.operation}: unexpected reply (HTTP ${this.status}): ${this.issue}`
  }
}

/** A download that could not be completed or whose bytes are not the promised video. */
export class DownloadFailed extends Schema.TaggedError<DownloadFailed>()("DownloadFailed", {
  url: Schema.String,
  reason: Schema.String,
  status: Schema.optional(Schema.Number),
}) {
  override get message(): string {
    return `download of ${this.url} failed: ${this.reason}`
  }
}

export class BudgetExceeded extends Schema.TaggedError<BudgetExceeded>()("BudgetExceeded", {
  estimateUsd: Schema.Number,
  limitUsd: Schema.Number,
  spentUsd: Schema.Number,
}) {
  override get message(): string {
    return `estimated cost $${this.estimateUsd.toFixed(3)} would take spend to $${(this.spentUsd + this.estimateUsd).toFixed(3)}, over the budget of $${this.limitUsd.toFixed(2)}`
  }
}

/** An error from the gateway's answer to a call (submit, query, cancel, content). */
export type GatewayFailure =
  | AuthError
  | InsufficientBalance
  | ContentRejected
  | RateLimited
  | GatewayError
  | MalformedReply

/** Every error the core raises, as one schema: its members list every tag. */
export const HappyHorseError = Schema.Union(
  ValidationError,
  ValidationErrors,
  AuthError,
  InsufficientBalance,
  ContentRejected,
  RateLimited,
  GatewayError,
  MalformedReply,
  TransportError,
  TaskFailed,
  TaskCanceled,
  WatchTimeout,
  SubmitInDoubt,
  ResultExpired,
  DownloadFailed,
  BudgetExceeded,
)
export type HappyHorseError = typeof HappyHorseError.Type

/** Preview of a value for an error message: short, printable, never a whole document. */
export const preview = (value: unknown, max = 80): string => {
  let text: string
  try {
    text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value))
  } catch {
    text = String(value)
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
