/**
 * The surface kit: what every host (n8n, VS Code, Zapier, MCP, CLI) shows and decides about a
 * video request, written once. Platform-neutral.
 */
export { cancelSupport, type CancelSupport } from "./cancel.js"
export {
  checkCredentials,
  type CredentialCheck,
  credentialCheckOf,
  checkCredentialsPromise,
  PROBE_TASK_ID,
} from "./credentials.js"
export {
  type ErrorCategory,
  errorTags,
  type ExplainContext,
  explainError,
  type Explanation,
  isHappyHorseError,
} from "./explainError.js"
export {
  type Field,
  fieldTables,
  type FieldOption,
  type FieldType,
  fieldTypes,
  isRequestField,
  kindLabels,
  kindOptions,
  offeredKinds,
  type RequestField,
  requestFields,
} from "./fields.js"
export { coerceHostInput, decodeHostInput, readHostInput } from "./hostInput.js"
export type { AsyncTaskReader, TaskReader } from "./taskReader.js"
export { receiptView, taskView, type TaskView } from "./taskView.js"
export {
  type CallbackVerdict,
  claimedTaskId,
  verdictOf,
  verifyCallback,
  verifyCallbackPromise,
  type VerifyOptions,
} from "./verifyCallback.js"
