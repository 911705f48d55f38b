/** Buttons a message may offer; the command layer maps each to a command. */
export type MessageAction = "Set API Key" | "Select Provider" | "Show Tasks" | "Keep Watching" | "Open Settings" | "Show Log"

export interface UserMessage {
  readonly severity: "error" | "warning" | "info"
  readonly text: string
  readonly actions: ReadonlyArray<MessageAction>
}

const field = (error: object, name: string): string | undefined => {
  const value: unknown = Reflect.get(error, name)
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined
}

const tagOf = (error: unknown): string | undefined => {
  if (typeof error !== "object" || error === null) return undefined
  if (error instanceof Error && error.name === "AbortError") return "AbortError"
  return field(error, "_tag")
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : typeof error === "string" ? error : "an unexpected error"

/** A clear, actionable sentence for every typed error the core (or this extension) can raise. */
export const describeError = (error: unknown): UserMessage => {
  const tag = tagOf(error)
  const obj = typeof error === "object" && error !== null ? error : {}
  const gateway = field(obj, "gateway") ?? "the gateway"
  const detail = field(obj, "detail")
  const taskId = field(obj, "taskId")
  switch (tag) {
    case "MissingApiKey":
      return {
        severity: "warning",
        text: `No API key is set for ${field(obj, "provider") ?? "this provider"}. Set one, or try the built-in sandbox.`,
        actions: ["Set API Key", "Select Provider"],
      }
    case "AuthError":
      return {
        severity: "error",
        text: `${gateway} refused the API key (HTTP ${field(obj, "status") ?? "401"}). Check that the key belongs to ${gateway} and set it again.`,
        actions: ["Set API Key", "Select Provider"],
      }
    case "InsufficientBalance":
      return {
        severity: "error",
        text: `Your ${gateway} balance is too low for this video${detail ? ` (${detail})` : ""}. Top up on ${gateway}'s site, then run the command again. Nothing was charged.`,
        actions: [],
      }
    case "ContentRejected":
      return {
        severity: "error",
        text: `${gateway}'s content review rejected the request${detail ? `: ${detail}` : ""}. Rephrase the prompt or use other images; rejected tasks are not billed.`,
        actions: [],
      }
    case "RateLimited": {
      const ms = Reflect.get(obj, "retryAfterMs")
      const wait = typeof ms === "number" ? ` Try again in ${Math.ceil(ms / 1000)} s.` : " Wait a moment and try again."
      return { severity: "warning", text: `${gateway} is rate limiting your key.${wait}`, actions: [] }
    }
    case "WatchTimeout":
      return {
        severity: "warning",
        text: `Task ${taskId ?? ""} did not finish in time (last status: ${field(obj, "lastStatus") ?? "unknown"}). It may still finish on ${gateway}; keep watching it, or raise happyhorse.timeoutMinutes.`,
        actions: ["Keep Watching", "Open Settings"],
      }
    case "SubmitInDoubt":
      return {
        severity: "error",
        text: `The submit to ${gateway} may or may not have been accepted (${field(obj, "reason") ?? "no answer"}). It was NOT resent, to avoid paying twice. Check your ${gateway} dashboard before you try again.`,
        actions: ["Show Tasks", "Show Log"],
      }
    case "TaskFailed":
      return {
        severity: "error",
        text: `The task failed on ${gateway}${field(obj, "code") ? ` [${field(obj, "code")}]` : ""}: ${field(obj, "reason") ?? "no reason given"}. Failed tasks are not billed.`,
        actions: ["Show Tasks"],
      }
    case "TaskCanceled":
      return { severity: "info", text: `Task ${taskId ?? ""} was canceled on ${gateway}.`, actions: [] }
    case "AbortError":
      return { severity: "info", text: "Stopped.", actions: [] }
    case "ResultExpired":
      return {
        severity: "error",
        text: `The result of task ${taskId ?? ""} has expired on ${gateway} (results are kept for 24 h). Generate it again.`,
        actions: [],
      }
    case "DownloadFailed":
      return {
        severity: "error",
        text: `The video could not be downloaded: ${field(obj, "reason") ?? "unknown reason"}. Use "Download Again" in the Tasks view.`,
        actions: ["Show Tasks"],
      }
    case "BudgetExceeded":
      return { severity: "warning", text: messageOf(error), actions: [] }
    case "ValidationError":
    case "ValidationErrors":
      return { severity: "error", text: `The request is not valid: ${messageOf(error)}. Nothing was sent.`, actions: [] }
    case "TransportError":
      return {
        severity: "error",
        text: `Could not reach ${gateway}: ${detail ?? messageOf(error)}. Check your network and happyhorse.baseUrl.`,
        actions: ["Open Settings", "Show Log"],
      }
    case "GatewayError":
    case "MalformedReply":
      return { severity: "error", text: `${messageOf(error)}. Try again later; the log has details.`, actions: ["Show Log"] }
    case "SandboxUnavailable":
      return { severity: "error", text: `${messageOf(error)}. Set an API key to use a real gateway.`, actions: ["Set API Key"] }
    default:
      return { severity: "error", text: `HappyHorse: ${messageOf(error)}`, actions: ["Show Log"] }
  }
}
