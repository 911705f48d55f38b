import * as Effect from "effect/Effect"
import { QueueEvents } from "bullmq"
import { randomBytes } from "node:crypto"
import { obliterate } from "../../src/admin/status.js"
import type { QueueConfig } from "../../src/config/QueueConfig.js"

export const REDIS_URL = process.env["HAPPYHORSE_REDIS_URL"] ?? "redis://127.0.0.1:6379"

/** A queue of its own per test: a fresh key prefix, removed afterwards. */
export const freshQueue = (label: string): QueueConfig => ({
  redisUrl: REDIS_URL,
  queueName: label,
  prefix: `hhtest-${randomBytes(4).toString("hex")}`,
})

export const cleanup = (config: QueueConfig): Promise<void> => Effect.runPromise(Effect.ignore(obliterate(config)))

/** Resolves once `count` jobs of the queue have finished (completed or failed), as BullMQ reports them. */
export const finishedJobs = async (config: QueueConfig, count: number) => {
  const events = new QueueEvents(config.queueName ?? "happyhorse", {
    connection: { url: config.redisUrl },
    prefix: config.prefix ?? "bull",
  })
  await events.waitUntilReady()
  const completed = new Set<string>()
  const failed = new Map<string, string>()
  const waiters: Array<{ readonly ready: () => boolean; readonly wake: () => void }> = []
  const check = () => {
    for (const waiter of waiters) if (waiter.ready()) waiter.wake()
  }
  /** Resolves when the condition holds, checked on every BullMQ event. */
  const until = (ready: () => boolean): Promise<void> =>
    ready() ? Promise.resolve() : new Promise((wake) => waiters.push({ ready, wake }))
  const all = until(() => completed.size + failed.size >= count)
  events.on("completed", ({ jobId }) => {
    completed.add(jobId)
    failed.delete(jobId)
    check()
  })
  events.on("failed", ({ jobId, failedReason }) => {
    if (!completed.has(jobId)) failed.set(jobId, failedReason)
    check()
  })
  return {
    completed,
    failed,
    done: all,
    until,
    close: () => events.close(),
  }
}
