import * as Schema from "effect/Schema"
import { GatewayName } from "./Gateway.js"

/** One status model for every gateway's vocabulary. */
export const Queued = Schema.TaggedStruct("Queued", {})
export const Running = Schema.TaggedStruct("Running", {
  /** 0 to 100, when the gateway reports it. */
  progress: Schema.optional(Schema.Number),
})
export const Succeeded = Schema.TaggedStruct("Succeeded", {
  videoUrl: Schema.String,
  duration: Schema.optional(Schema.Number),
  resolution: Schema.optional(Schema.String),
})
export const Failed = Schema.TaggedStruct("Failed", {
  code: Schema.optional(Schema.String),
  reason: Schema.String,
})
export const Canceled = Schema.TaggedStruct("Canceled", {})
/**
 * A status word this client does not know. Not final: a gateway that adds a status must not lose
 * a paid video, so the task is reported as unknown and watched on until its deadline.
 */
export const Unknown = Schema.TaggedStruct("Unknown", {
  raw: Schema.String,
})
/** The gateway says it no longer knows the task: ids expire after 24 h, or it never existed. */
export const Expired = Schema.TaggedStruct("Expired", {
  raw: Schema.String,
})

export const TaskStatus = Schema.Union(Queued, Running, Succeeded, Failed, Canceled, Unknown, Expired)
export type TaskStatus = typeof TaskStatus.Type

export const isTerminal = (status: TaskStatus): boolean =>
  status._tag === "Succeeded" || status._tag === "Failed" || status._tag === "Canceled" || status._tag === "Expired"

/** One reading of a task, from a poll, a stream line or a callback. */
export const TaskSnapshot = Schema.Struct({
  taskId: Schema.String,
  gateway: GatewayName,
  status: TaskStatus,
  /** The gateway's own word for the status, kept for logs. */
  rawStatus: Schema.String,
})
export type TaskSnapshot = typeof TaskSnapshot.Type

/** What a submit returns once the gateway has taken the task. */
export const SubmitReceipt = Schema.Struct({
  taskId: Schema.String,
  gateway: GatewayName,
  /** Set when the gateway answered with more than an id (a blocking or streaming reply). */
  snapshot: Schema.optional(TaskSnapshot),
})
export type SubmitReceipt = typeof SubmitReceipt.Type

/** The events `watch` emits, ending with one terminal event. */
export const TaskEvent = Schema.Union(
  Schema.TaggedStruct("Submitted", { taskId: Schema.String, gateway: GatewayName }),
  Schema.TaggedStruct("Progress", {
    taskId: Schema.String,
    /** "unknown": the gateway answered a status word this client does not know; it is watched on. */
    state: Schema.Literal("queued", "running", "unknown"),
    progress: Schema.optional(Schema.Number),
    /** With state "unknown": the gateway's word. */
    rawStatus: Schema.optional(Schema.String),
    elapsedMs: Schema.Number,
  }),
  Schema.TaggedStruct("Succeeded", {
    taskId: Schema.String,
    videoUrl: Schema.String,
    duration: Schema.optional(Schema.Number),
    resolution: Schema.optional(Schema.String),
    elapsedMs: Schema.Number,
  }),
  Schema.TaggedStruct("Failed", {
    taskId: Schema.String,
    code: Schema.optional(Schema.String),
    reason: Schema.String,
    elapsedMs: Schema.Number,
  }),
  Schema.TaggedStruct("Canceled", { taskId: Schema.String, elapsedMs: Schema.Number }),
)
export type TaskEvent = typeof TaskEvent.Type
