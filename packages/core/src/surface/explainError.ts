import { HappyHorseError } from "../index.js"

/** What kind of trouble, for a host's icon, colour or branch. */
export type ErrorCategory =
  | "input"
  | "budget"
  | "auth"
  | "balance"
  | "content"
  | "rate-limit"
  | "gateway"
  | "network"
  | "in-doubt"
  | "task-failed"
  | "canceled"
  | "timeout"
  | "expired"
  | "download"
  | "unexpected"

/** An error, explained once for every host. JSON-friendly. */
export interface Explanation {
  /** The error's tag, or the error's name when it is not one of the core's. */
  readonly tag: string
  readonly category: ErrorCategory
  /** One short sentence for a title or notification. */
  readonly title: string
  /** What to do next, in host-neutral words. */
  readonly hint: string
  /** The same call may succeed if made again later, unchanged (a watch, a read, a download). */
  readonly retryable: boolean
  /**
   * Sending the request again cannot pay twice: nothing was charged and no task may be running.
   * False for anything that may have been billed; a host's automatic replay must honour it.
   */
  readonly safeToResend: boolean
  /** How long the gateway asked us to wait, when it said. */
  readonly retryAfterMs: number | undefined
}

export interface ExplainContext {
  /**
   * The task the failing step had already created, when there is one. Then a resend would start a
   * second paid task, so nothing is safe to resend except after a task that cannot have been billed.
   */
  readonly taskId?: string | undefined
}

type Tag = HappyHorseError["_tag"]
const tags: ReadonlySet<string> = new Set(HappyHorseError.members.map((member) => member._tag))

/** One of the core's typed errors (whichever entry or copy of the package made it). */
export const isHappyHorseError = (error: unknown): error is HappyHorseError =>
  typeof error === "object" && error !== null && "_tag" in error && typeof error._tag === "string" && tags.has(error._tag)

/** The tags of every error the core raises. */
export const errorTags: ReadonlyArray<Tag> = HappyHorseError.members.map((member) => member._tag)

interface Rule {
  readonly category: ErrorCategory
  readonly retryable: boolean
  /** Whether the error itself proves nothing was billed. */
  readonly notBilled: boolean
  readonly hint: string
}

const gatewayOf = (error: HappyHorseError): string => ("gateway" in error ? error.gateway : "the gateway")

// An error from a call made after the submit (a status read, a download) means a task exists.
const afterSubmit = (error: HappyHorseError): boolean =>
  ("operation" in error && error.operation !== "submit") || ("taskId" in error && error.taskId !== undefined)

const ruleFor = (error: HappyHorseError): Rule => {
  const gateway = gatewayOf(error)
  switch (error._tag) {
    case "ValidationError":
    case "ValidationErrors":
      return { category: "input", retryable: false, notBilled: true, hint: "Fix the named fields. Nothing was sent or charged." }
    case "BudgetExceeded":
      return { category: "budget", retryable: false, notBilled: true, hint: "Raise the budget or ask for less. Nothing was sent." }
    case "AuthError":
      return {
        category: "auth",
        retryable: false,
        notBilled: true,
        hint: `Check the API key, and that ${gateway} is the gateway that issued it.`,
      }
    case "InsufficientBalance":
      return { category: "balance", retryable: false, notBilled: true, hint: `Top up the account on ${gateway}, then run again.` }
    case "ContentRejected":
      return {
        category: "content",
        retryable: false,
        notBilled: true,
        hint: "The content review refused the prompt or an input. Rephrase the prompt or use other images or video; refused tasks are not billed.",
      }
    case "RateLimited":
      return {
        category: "rate-limit",
        retryable: true,
        notBilled: true,
        hint: `${gateway} limits how fast tasks may be sent. Wait${error.retryAfterMs === undefined ? " a moment" : ` ${Math.ceil(error.retryAfterMs / 1000)} s`}, or send fewer at once.`,
      }
    case "GatewayError":
      return {
        category: "gateway",
        retryable: error.status === undefined || error.status >= 500,
        notBilled: true,
        hint:
          error.status !== undefined && error.status < 500
            ? `${gateway} refused the call. Check the request and the base URL.`
            : `${gateway} failed to handle the call. Try again later; if it persists, contact ${gateway}.`,
      }
    case "MalformedReply":
      return {
        category: "gateway",
        retryable: false,
        notBilled: true,
        hint: `${gateway} answered in a shape it does not document. Check the gateway and the base URL.`,
      }
    case "TransportError":
      return {
        category: "network",
        retryable: true,
        notBilled: true,
        hint: `${gateway} could not be reached. Check the base URL and the network, then try again.`,
      }
    case "SubmitInDoubt":
      return {
        category: "in-doubt",
        retryable: false,
        notBilled: false,
        hint: `The task may have been created and charged. Check ${gateway}'s task list before sending it again, so you do not pay twice.`,
      }
    case "TaskFailed":
      return {
        category: "task-failed",
        retryable: true,
        notBilled: true,
        hint: "The task failed on the gateway; failed tasks are not billed. Run it again, perhaps with a different prompt.",
      }
    case "TaskCanceled":
      return { category: "canceled", retryable: false, notBilled: true, hint: "The task was canceled on the gateway. Run it again to make the video." }
    case "WatchTimeout":
      return {
        category: "timeout",
        retryable: true,
        notBilled: false,
        hint: `Task ${error.taskId} may still finish, and be charged. Watch it again by its id instead of sending it again.`,
      }
    case "ResultExpired":
      return {
        category: "expired",
        retryable: false,
        notBilled: false,
        hint: "Results live 24 hours on every gateway. Generating the video again is a new, paid task.",
      }
    case "DownloadFailed":
      return {
        category: "download",
        retryable: true,
        notBilled: false,
        hint: "The video was made (and charged) but could not be downloaded. Download it again by the task id; do not send the request again.",
      }
  }
}

const unexpected = (error: unknown): Explanation => {
  const name = error instanceof Error ? error.name : "Error"
  // An abort or a deadline may fall while a submit is on the wire: nothing proves it was not sent.
  const stopped = name === "AbortError" || name === "TimeoutError"
  return {
    tag: name,
    category: stopped ? "canceled" : "unexpected",
    title: error instanceof Error ? error.message : String(error),
    hint: stopped
      ? "The call was stopped before it ended. If a task was being sent, check the gateway's task list before sending it again."
      : "An unexpected error. Please report it with the settings used (never the API key).",
    retryable: false,
    safeToResend: false,
    retryAfterMs: undefined,
  }
}

/**
 * Explains any error for a person and for a host's retry logic. `safeToResend` is false for
 * anything that may have been billed, so an automatic replay never pays twice.
 */
export const explainError = (error: unknown, context: ExplainContext = {}): Explanation => {
  if (!isHappyHorseError(error)) return unexpected(error)
  const rule = ruleFor(error)
  const submitted = context.taskId !== undefined || afterSubmit(error)
  // Only an end that no gateway bills makes a resend safe once a task exists.
  const endedUnbilled = error._tag === "TaskFailed" || error._tag === "TaskCanceled" || error._tag === "ContentRejected"
  return {
    tag: error._tag,
    category: rule.category,
    title: error.message,
    hint: rule.hint,
    retryable: rule.retryable,
    safeToResend: rule.notBilled && (!submitted || endedUnbilled),
    retryAfterMs: error._tag === "RateLimited" ? error.retryAfterMs : undefined,
  }
}
