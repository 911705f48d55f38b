/**
 * What ends a task the gateway accepted (and may bill): only the gateway's own word that it
 * failed, was canceled or has expired, or a result it gave that can never be fetched. Anything
 * else while watching or downloading (an outage, a 5xx, a refused key, a deadline, a cut
 * download) leaves the task to be continued by its id: its money is spent, so it is never
 * given up on our side.
 */
export const endsAcceptedTask = (error: { readonly _tag: string; readonly operation?: string }): boolean =>
  error._tag === "TaskFailed" ||
  error._tag === "TaskCanceled" ||
  error._tag === "ResultExpired" ||
  (error._tag === "GatewayError" && error.operation === UNUSABLE_RESULT)

/** The operation named on the GatewayError for a finished task whose result URL cannot be fetched. */
export const UNUSABLE_RESULT = "result"
