import * as Schema from "effect/Schema"

/** What a person decided about an in-doubt job: watch a task they found, or pay for a new submit. */
export const Decision = Schema.Union(
  Schema.TaggedStruct("UseTask", { taskId: Schema.String }),
  Schema.TaggedStruct("Resubmit", {}),
)
export type Decision = typeof Decision.Type

/** The task a job follows, stored before its first poll. */
export const TrackedTask = Schema.Struct({
  taskId: Schema.String,
  submittedAt: Schema.Number,
  polls: Schema.Number,
  lastStatus: Schema.String,
  /** The poll plan's memory: the latest reading that carried progress (gateway ms since submit). */
  lastProgress: Schema.optional(Schema.Struct({ elapsedMs: Schema.Number, progress: Schema.Number })),
})
export type TrackedTask = typeof TrackedTask.Type

/** A generation job: the request as given, and how far its lifecycle got. */
export const JobData = Schema.Struct({
  request: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
  enqueuedAt: Schema.Number,
  /** Submit rounds: 0 at first, one more for each resubmit a person asked for. */
  round: Schema.optionalWith(Schema.Number, { default: () => 0 }),
  task: Schema.optional(TrackedTask),
  inDoubt: Schema.optional(Schema.Struct({ reason: Schema.String, at: Schema.Number })),
  decision: Schema.optional(Decision),
})
export type JobData = typeof JobData.Type
export type JobDataEncoded = typeof JobData.Encoded

/**
 * The submit step's own record. `submitting` is written before the paid call: finding it on a
 * redelivered job means the call may have reached the gateway.
 */
export const SubmitPhase = Schema.Literal("new", "submitting", "submitted", "in-doubt", "rejected")
export type SubmitPhase = typeof SubmitPhase.Type

export const SubmitData = Schema.Struct({
  request: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
  parentId: Schema.String,
  phase: SubmitPhase,
  taskId: Schema.optional(Schema.String),
  submittedAt: Schema.optional(Schema.Number),
  reason: Schema.optional(Schema.String),
})
export type SubmitData = typeof SubmitData.Type

/** What the submit step hands to its job. */
export const SubmitOutcome = Schema.Union(
  Schema.TaggedStruct("Submitted", { taskId: Schema.String, submittedAt: Schema.Number }),
  Schema.TaggedStruct("InDoubt", { reason: Schema.String }),
  Schema.TaggedStruct("Rejected", { error: Schema.String, message: Schema.String }),
)
export type SubmitOutcome = typeof SubmitOutcome.Type

/** Recorded with a finished job. */
export const JobResult = Schema.Struct({
  taskId: Schema.String,
  gateway: Schema.String,
  videoUrl: Schema.String,
  /** Set when the worker has an output folder. */
  path: Schema.optional(Schema.String),
  bytes: Schema.optional(Schema.Number),
  costUsd: Schema.Number,
  enqueuedAt: Schema.Number,
  submittedAt: Schema.Number,
  finishedAt: Schema.Number,
  /** Submit to result, wall clock. */
  generationMs: Schema.Number,
  polls: Schema.Number,
})
export type JobResult = typeof JobResult.Type

/** Reported through BullMQ's job progress, so QueueEvents listeners see it on any machine. */
export const JobProgress = Schema.Struct({
  state: Schema.Literal("submitted", "queued", "running", "downloading"),
  taskId: Schema.String,
  progress: Schema.optional(Schema.Number),
})
export type JobProgress = typeof JobProgress.Type
