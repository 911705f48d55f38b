import * as Schema from "effect/Schema"

/** Redis or BullMQ refused an operation. */
export class QueueError extends Schema.TaggedError<QueueError>()("QueueError", {
  operation: Schema.String,
  detail: Schema.String,
}) {
  override get message(): string {
    return `queue ${this.operation} failed: ${this.detail}`
  }
}

/** A job's stored data does not have the expected shape (written by another version, or by hand). */
export class BadJobData extends Schema.TaggedError<BadJobData>()("BadJobData", {
  jobId: Schema.String,
  issue: Schema.String,
}) {
  override get message(): string {
    return `job ${this.jobId} holds data this worker cannot read: ${this.issue}`
  }
}

/** A decision about a job that is not waiting for one. */
export class NotInDoubt extends Schema.TaggedError<NotInDoubt>()("NotInDoubt", {
  jobId: Schema.String,
  state: Schema.String,
}) {
  override get message(): string {
    return `job ${this.jobId} is not in doubt (state: ${this.state}); only a job whose submit may have reached the gateway needs a decision`
  }
}

/** An input file or option the queue cannot use. */
export class QueueInputError extends Schema.TaggedError<QueueInputError>()("QueueInputError", {
  detail: Schema.String,
}) {
  override get message(): string {
    return this.detail
  }
}

/** Fails a job so that BullMQ does not retry it; the message starts with the error's tag. */
export const failureText = (tag: string, message: string): string => `${tag}: ${message}`
