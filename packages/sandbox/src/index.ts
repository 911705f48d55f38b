export { startSandbox, type Sandbox, type SandboxUrls } from "./Sandbox.js"
export { HappyHorseSandbox, layer } from "./Layer.js"
export type { Faults, Limits, SandboxLogEvent, SandboxOptions } from "./Options.js"
export type { DurationModel } from "./domain/TimeModel.js"
export type {
  CallbackAttempt,
  ChargeRecord,
  KeyLedger,
  Ledger,
  LedgerSnapshot,
  RequestKind,
  RequestRecord,
  SubmitRecord,
} from "./domain/Ledger.js"
export type { DialectName, Resolution, TaskKind } from "./domain/Task.js"
export { frameSize } from "./domain/Geometry.js"
export { ffmpegPath } from "./media/Renderer.js"
