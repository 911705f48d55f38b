/**
 * @happyhorse/core: one typed task model over every HappyHorse gateway.
 * This entry is platform-neutral (Effect services and pure codecs); `@happyhorse/core/node`
 * adds the Promise facade `createClient` and file helpers.
 */
export * from "./domain/Errors.js"
export * from "./domain/Gateway.js"
export * from "./domain/TaskStatus.js"
export * from "./domain/VideoRequest.js"
export { type Capabilities, supportsKind } from "./domain/Capabilities.js"

export * as Settings from "./config/Settings.js"
export { type ClientSettings, HappyHorseSettings, normalizeBaseUrl, POLL_FLOOR } from "./config/Settings.js"

export { HappyHorse, type HappyHorseClient, layer, layerConfig, make } from "./Client.js"

export type { Dialect, SubmitOptions, WireReply, WireRequest } from "./providers/Dialect.js"
export { dialectFor, dialects } from "./providers/registry.js"

export {
  type CallbackUrlOptions,
  checkCallbackUrl,
  DURATION,
  EDIT_INPUT_DURATION,
  fieldsOf,
  IMAGE_COUNTS,
  IMAGE_LIMITS,
  kindSchemas,
  type ImageFormat,
  type ImageInfo,
  inspectImage,
  MAX_URL_LENGTH,
  nonPublicHostReason,
  normalizeRequest,
  offeredModels,
  PROMPT_MAX_UNITS,
  promptUnits,
  sniffImageFormat,
  type ValidateOptions,
  validateRequest,
} from "./validation/index.js"

export { type CostEstimate, estimateCost } from "./cost/estimate.js"
export { prices } from "./cost/prices.js"
export { BudgetGuard, type BudgetGuardService, layerBudgetGuard, makeBudgetGuard } from "./cost/BudgetGuard.js"

export { type Gateway, GatewayTag, makeGateway } from "./http/GatewayCalls.js"
export { MASK, mayHoldSecret, redactHeaders, redactText, redactValue, SECRET_HEADERS, secretsOfHeaders } from "./security/redact.js"
export { CallbackInbox, type CallbackInboxService, layerCallbackInbox, makeCallbackInbox } from "./lifecycle/CallbackInbox.js"
export { download, type DownloadError, type DownloadOptions, type DownloadResult } from "./lifecycle/download.js"
export { type Hop, MAX_REDIRECTS, nextHop } from "./lifecycle/redirect.js"
export {
  ERROR_BODY_BYTES,
  FileTransfer,
  type FileTransferService,
  layerPortable as layerPortableFileTransfer,
  type OpenTransfer,
  TransferCut,
  WriteFailed,
} from "./lifecycle/FileTransfer.js"
export { safeFileName } from "./lifecycle/fileName.js"
export {
  generate,
  type GenerateError,
  type GenerateEvent,
  type GenerateOptions,
  type GenerateResult,
} from "./lifecycle/generate.js"
export {
  DEFAULT_PRIOR,
  initialPollState,
  nextPollDelay,
  type Observation,
  type PollPlanOptions,
  type PollPrior,
  type PollState,
} from "./lifecycle/pollPlan.js"
export { getTask, getTasks, type QueryError } from "./lifecycle/query.js"
export { submit, type SubmitError } from "./lifecycle/submit.js"
export { endsAcceptedTask, UNUSABLE_RESULT } from "./lifecycle/acceptedTask.js"
export { eventFor, follow, snapshotsToEvents, watch, type WatchError, type WatchOptions } from "./lifecycle/watch.js"
export {
  generateMany,
  type GenerateManyOptions,
  type ManyClient,
  type ManyError,
  type ManyEvent,
  type ManyItem,
  type ManyProgress,
  type ManyResult,
} from "./many/generateMany.js"
export { type Governor, type GovernorOptions, makeGovernor } from "./many/Governor.js"
export { JournalFailed, type JournalPhase, type JournalRecord, makeMemoryJournal, type TaskJournal } from "./many/TaskJournal.js"
