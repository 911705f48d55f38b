import { Job, Queue } from "bullmq"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { Redis } from "ioredis"
import { connectionOf, namesOf, type QueueConfig } from "../config/QueueConfig.js"
import { NotInDoubt, QueueError } from "../domain/Errors.js"
import { type Decision, JobData } from "../domain/JobData.js"

export interface InDoubtJob {
  readonly jobId: string
  readonly reason: string
  /** When the job was found in doubt (epoch ms). */
  readonly at: number
  readonly request: Record<string, unknown>
}

const detailOf = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause))

const withQueue = <A>(config: QueueConfig, operation: string, use: (queue: Queue, redis: Redis) => Promise<A>) =>
  Effect.tryPromise({
    try: async () => {
      const names = namesOf(config)
      const queue = new Queue(names.jobs, { connection: connectionOf(config), prefix: names.prefix })
      const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 })
      try {
        return await use(queue, redis)
      } finally {
        await Promise.allSettled([queue.close(), redis.quit()])
      }
    },
    catch: (cause) => (cause instanceof NotInDoubt ? cause : new QueueError({ operation, detail: detailOf(cause) })),
  })

/** The jobs waiting for a person: their submit may or may not have created a (paid) task. */
export const listInDoubt = (config: QueueConfig): Effect.Effect<ReadonlyArray<InDoubtJob>, QueueError | NotInDoubt> =>
  withQueue(config, "listInDoubt", async (queue, redis) => {
    const ids = await redis.smembers(namesOf(config).inDoubtKey)
    const found: Array<InDoubtJob> = []
    for (const jobId of ids.sort()) {
      const job = await Job.fromId(queue, jobId)
      const data = job === undefined ? undefined : Schema.decodeUnknownOption(JobData)(job.data)
      if (data?._tag === "Some" && data.value.inDoubt !== undefined) {
        found.push({ jobId, reason: data.value.inDoubt.reason, at: data.value.inDoubt.at, request: data.value.request })
      }
    }
    return found
  })

/**
 * A person's decision: `UseTask` follows a task they found on the gateway (no new charge);
 * `Resubmit` pays for a new submit. The job runs again on any worker.
 */
export const resolveInDoubt = (
  config: QueueConfig,
  jobId: string,
  decision: Decision,
): Effect.Effect<void, QueueError | NotInDoubt> =>
  withQueue(config, "resolveInDoubt", async (queue, redis) => {
    const job = await Job.fromId(queue, jobId)
    const state = job === undefined ? "missing" : await job.getState()
    const data = job === undefined ? undefined : Schema.decodeUnknownOption(JobData)(job.data)
    if (job === undefined || state !== "failed" || data?._tag !== "Some" || data.value.inDoubt === undefined) {
      throw new NotInDoubt({ jobId, state })
    }
    await job.updateData(Schema.encodeSync(JobData)({ ...data.value, decision }))
    await job.retry("failed")
    await redis.srem(namesOf(config).inDoubtKey, jobId)
  })
