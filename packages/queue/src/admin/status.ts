import { Queue } from "bullmq"
import * as Effect from "effect/Effect"
import { Redis } from "ioredis"
import { connectionOf, namesOf, type QueueConfig } from "../config/QueueConfig.js"
import { QueueError } from "../domain/Errors.js"

export interface StateCounts {
  readonly waiting: number
  readonly active: number
  /** Generation jobs waiting for their next poll (no worker slot held). */
  readonly delayed: number
  /** Generation jobs waiting for their submit step. */
  readonly submitting: number
  readonly completed: number
  readonly failed: number
}

export interface QueueStatus {
  readonly queue: string
  readonly jobs: StateCounts
  /** The submit step's own queue: waiting here means waiting for the rate limit. */
  readonly submits: { readonly waiting: number; readonly active: number; readonly delayed: number }
  /** Failed jobs whose submit may have reached the gateway: a person decides (resolveInDoubt). */
  readonly inDoubt: number
  readonly spentUsd: number
  /** Completed jobs per minute, from the first completion to the last. */
  readonly throughputPerMinute: number
  /** Completions BullMQ counted in the latest minute. */
  readonly completedLastMinute: number
}

const num = (value: string | undefined): number => (value === undefined ? 0 : Number(value))

export const queueStatus = (config: QueueConfig): Effect.Effect<QueueStatus, QueueError> =>
  Effect.scoped(
    Effect.gen(function* () {
      const names = namesOf(config)
      const connection = connectionOf(config)
      const open = <A extends { close: () => Promise<void> }>(make: () => A) =>
        Effect.acquireRelease(Effect.sync(make), (resource) => Effect.promise(() => resource.close().catch(() => undefined)))
      const jobs = yield* open(() => new Queue(names.jobs, { connection, prefix: names.prefix }))
      const submits = yield* open(() => new Queue(names.submit, { connection, prefix: names.prefix }))
      const redis = yield* Effect.acquireRelease(
        Effect.sync(() => new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true })),
        (client) => Effect.promise(() => client.quit().then(() => undefined, () => undefined)),
      )
      return yield* Effect.tryPromise({
        try: async () => {
          await redis.connect()
          const [counts, submitCounts, stats, inDoubt, metrics] = await Promise.all([
            jobs.getJobCounts("waiting", "active", "delayed", "waiting-children", "completed", "failed", "prioritized"),
            submits.getJobCounts("waiting", "active", "delayed", "prioritized"),
            redis.hgetall(names.statsKey),
            redis.scard(names.inDoubtKey),
            jobs.getMetrics("completed", 0, 0),
          ])
          const completed = num(stats["completed"])
          const spanMs = num(stats["lastFinishedAt"]) - num(stats["firstFinishedAt"])
          return {
            queue: names.jobs,
            jobs: {
              waiting: (counts["waiting"] ?? 0) + (counts["prioritized"] ?? 0),
              active: counts["active"] ?? 0,
              delayed: counts["delayed"] ?? 0,
              submitting: counts["waiting-children"] ?? 0,
              completed: counts["completed"] ?? 0,
              failed: counts["failed"] ?? 0,
            },
            submits: {
              waiting: (submitCounts["waiting"] ?? 0) + (submitCounts["prioritized"] ?? 0),
              active: submitCounts["active"] ?? 0,
              delayed: submitCounts["delayed"] ?? 0,
            },
            inDoubt,
            spentUsd: num(stats["spentMicroUsd"]) / 1_000_000,
            throughputPerMinute: spanMs > 0 ? (completed - 1) / (spanMs / 60_000) : 0,
            completedLastMinute: metrics.data[0] ?? 0,
          }
        },
        catch: (cause) => new QueueError({ operation: "status", detail: cause instanceof Error ? cause.message : String(cause) }),
      })
    }),
  )

/** Remove every key of a queue (both steps and the counters). For tests and for starting over. */
export const obliterate = (config: QueueConfig): Effect.Effect<void, QueueError> =>
  Effect.tryPromise({
    try: async () => {
      const names = namesOf(config)
      const connection = connectionOf(config)
      for (const name of [names.jobs, names.submit]) {
        const queue = new Queue(name, { connection, prefix: names.prefix })
        try {
          await queue.obliterate({ force: true })
        } finally {
          await queue.close()
        }
      }
      const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 })
      try {
        await redis.del(names.statsKey, names.inDoubtKey)
      } finally {
        await redis.quit()
      }
    },
    catch: (cause) => new QueueError({ operation: "obliterate", detail: cause instanceof Error ? cause.message : String(cause) }),
  })

