import { explainError } from "@happyhorse/core/surface"
import type { Connection } from "../config/Connection.js"
import { failed, type ToolOutcome } from "./ToolResult.js"

/** Said in every result while the server runs on the sandbox. */
export const SANDBOX_NOTE =
  "No HAPPYHORSE_API_KEY is set, so this server runs on the built-in sandbox: clips are placeholders made on this machine, not HappyHorse videos, and nothing is charged. For real videos set HAPPYHORSE_PROVIDER and HAPPYHORSE_API_KEY in the server's environment (or the config file) and restart it."

/** The facts every result carries: which gateway, and whether it is the sandbox. */
export const context = (connection: Connection): Record<string, unknown> =>
  connection.sandbox ? { gateway: connection.gateway, sandbox: true, note: SANDBOX_NOTE } : { gateway: connection.gateway, sandbox: false }

interface Failure {
  readonly _tag: string
  readonly message: string
}

const hasErrors = (error: Failure): error is Failure & { readonly errors: ReadonlyArray<{ readonly field: string; readonly value: string; readonly rule: string }> } =>
  "errors" in error && Array.isArray(error.errors)

const hasField = (error: Failure): error is Failure & { readonly field: string; readonly value: string; readonly rule: string } =>
  error._tag === "ValidationError" && "field" in error

/**
 * A failure as a tool error the model can act on, in the kit's words: validation names field,
 * value and rule; anything after a submit names the task, so it can be asked about again, and
 * says whether sending the request again is safe (it never is once a task may be billed).
 */
export const explain = (error: Failure, connection: Connection, taskId?: string): ToolOutcome => {
  const why = explainError(error, { taskId })
  const errors = hasErrors(error)
    ? error.errors.map((e) => ({ field: e.field, value: e.value, rule: e.rule }))
    : hasField(error)
      ? [{ field: error.field, value: error.value, rule: error.rule }]
      : undefined
  const base = {
    ...context(connection),
    ...(taskId === undefined ? {} : { taskId }),
    errorType: error._tag,
    category: why.category,
    hint: why.hint,
    retryable: why.retryable,
    safeToResend: why.safeToResend,
    ...(errors === undefined ? {} : { errors }),
  }
  if (errors !== undefined) return failed(`Invalid input: ${error.message}. ${why.hint}`, base)
  const follow = taskId === undefined ? "" : ` Ask about task ${taskId} again with get_task; do not call generate_video again for it.`
  return failed(`${error.message}. ${why.hint}${follow}`, base)
}
