import * as Schema from "effect/Schema"
import { GatewayName, VideoKind } from "@happyhorse/core"

/**
 * Where a task stands, as the extension tracks it.
 * `submitting` is written before the paid call, so a reload mid-submit is seen as in doubt, never resent.
 */
export const TaskPhase = Schema.Literal(
  "submitting",
  "queued",
  "running",
  "downloading",
  "succeeded",
  "failed",
  "canceled",
  "in-doubt",
  "timed-out",
)
export type TaskPhase = typeof TaskPhase.Type

export const TaskRecord = Schema.Struct({
  /** Local id, known before the gateway answers. */
  id: Schema.String,
  /** The gateway's id, once submit returned. */
  taskId: Schema.optional(Schema.String),
  provider: GatewayName,
  /** The base URL in use when it was submitted; empty for the provider's own origin. */
  baseUrl: Schema.String,
  /** True when the embedded sandbox ran it: its tasks cannot be resumed after a reload. */
  sandbox: Schema.optional(Schema.Boolean),
  kind: VideoKind,
  prompt: Schema.String,
  phase: TaskPhase,
  progress: Schema.optional(Schema.Number),
  costUsd: Schema.optional(Schema.Number),
  createdAt: Schema.Number,
  updatedAt: Schema.Number,
  videoUrl: Schema.optional(Schema.String),
  filePath: Schema.optional(Schema.String),
  /** The last error, in words, for the tree's tooltip. */
  detail: Schema.optional(Schema.String),
})
export type TaskRecord = typeof TaskRecord.Type

export const isActive = (phase: TaskPhase): boolean =>
  phase === "submitting" || phase === "queued" || phase === "running" || phase === "downloading"

/** Phases after which a fresh watch can still tell us something. */
export const isResumable = (record: TaskRecord): boolean =>
  record.taskId !== undefined && record.sandbox !== true && (record.phase === "queued" || record.phase === "running" || record.phase === "downloading")
