import type { Job } from "bullmq"
import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { BadJobData, QueueError } from "../domain/Errors.js"

const detailOf = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause))

/** A BullMQ or Redis call as an Effect. */
export const redisCall = <A>(operation: string, call: () => Promise<A>): Effect.Effect<A, QueueError> =>
  Effect.tryPromise({ try: call, catch: (cause) => new QueueError({ operation, detail: detailOf(cause) }) })

/** Decode a job's stored data: it came from Redis, so it is outside input. */
export const decodeJobData = <A, I>(schema: Schema.Schema<A, I>, job: Job): Effect.Effect<A, BadJobData> =>
  Schema.decodeUnknown(schema)(job.data).pipe(
    Effect.mapError(
      (error) => new BadJobData({ jobId: job.id ?? "(no id)", issue: ParseResult.TreeFormatter.formatErrorSync(error) }),
    ),
  )

/** Store new data on the job at once: the next worker that picks it up acts on it. */
export const saveJobData = <A, I>(schema: Schema.Schema<A, I>, job: Job, data: A): Effect.Effect<void, QueueError> =>
  Effect.flatMap(Effect.orDie(Schema.encode(schema)(data)), (encoded) => redisCall("updateData", () => job.updateData(encoded)))
