import { startSandbox, type Sandbox } from "@happyhorse/sandbox"
import { Job, Queue } from "bullmq"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Effect from "effect/Effect"
import { mkdtempSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { queueStatus } from "../src/admin/status.js"
import { limiterFor } from "../src/config/limiter.js"
import { enqueue } from "../src/producer/Producer.js"
import { startWorker } from "../src/worker/QueueWorker.js"
import type { WorkerEvent } from "../src/worker/WorkerEvent.js"
import { cleanup, finishedJobs, freshQueue } from "./support/redis.js"

const TIME_SCALE = 200
const KEY = "sk-queue-lifecycle"

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox({
    timeScale: TIME_SCALE,
    seed: 11,
    durations: { medianMs: 60_000, sigma: 0.3, minMs: 20_000, maxMs: 150_000 },
  })
})
afterAll(() => sandbox.close())

describe("one worker process", () => {
  it("submits each job once, records the task id before polling, and records the result", async () => {
    const config = freshQueue("lifecycle")
    const count = 24
    const watcher = await finishedJobs(config, count)
    const events: Array<WorkerEvent> = []
    await enqueue(
      config,
      Array.from({ length: count }, (_, i) => ({ id: `clip-${i}`, request: { kind: "text-to-video", prompt: `a horse, take ${i}` } })),
    )
    const worker = await startWorker({
      ...config,
      gateway: { provider: "evolink", apiKey: KEY, baseUrl: sandbox.urls.evolink, timeScale: TIME_SCALE },
      submitLimiter: limiterFor({ perSecond: 20, timeScale: TIME_SCALE }),
      onEvent: (event) => events.push(event),
    })
    try {
      await watcher.done
      expect(watcher.failed.size).toBe(0)
      expect(watcher.completed.size).toBe(count)

      // One accepted submit per distinct body, and every task polled no faster than the floor.
      expect(Object.values(sandbox.ledger.submitsPerFingerprint(KEY))).toEqual(Array(count).fill(1))
      for (const taskId of Object.keys(sandbox.ledger.submitsPerTask(KEY))) {
        expect(sandbox.ledger.minPollGapMs(taskId) ?? Infinity).toBeGreaterThanOrEqual(5_000)
      }

      const queue = new Queue(config.queueName ?? "", { connection: { url: config.redisUrl }, prefix: config.prefix ?? "bull" })
      const job = await Job.fromId(queue, "clip-3")
      await queue.close()
      const result = job?.returnvalue as { taskId: string; videoUrl: string; costUsd: number; polls: number }
      expect(Object.keys(sandbox.ledger.submitsPerTask(KEY))).toContain(result.taskId)
      expect(result.videoUrl).toMatch(/^http:\/\/127\.0\.0\.1/)
      expect(result.costUsd).toBeGreaterThan(0)
      expect(result.polls).toBeGreaterThanOrEqual(1)
      expect((job?.data as { task?: { taskId: string } }).task?.taskId).toBe(result.taskId)

      // Each job reported its submit before any progress or completion.
      const firstEvent = events.find((e) => "jobId" in e && e.jobId === "clip-3")
      expect(firstEvent?._tag).toBe("Submitted")

      const status = await Effect.runPromise(queueStatus(config))
      expect(status.jobs.completed).toBe(count)
      expect(status.inDoubt).toBe(0)
      expect(status.spentUsd).toBeGreaterThan(0)
    } finally {
      await worker.close()
      await watcher.close()
      await cleanup(config)
    }
  })

  it("downloads into the output folder when one is configured", async () => {
    const config = freshQueue("download")
    const outDir = mkdtempSync(join(tmpdir(), "hh-queue-"))
    const watcher = await finishedJobs(config, 2)
    await enqueue(config, [
      { id: "a", request: { kind: "text-to-video", prompt: "a horse on a beach", duration: 3 } },
      { id: "b", request: { kind: "text-to-video", prompt: "a horse in snow", duration: 3 } },
    ])
    const worker = await startWorker({
      ...config,
      gateway: { provider: "ttapi", apiKey: KEY, baseUrl: sandbox.urls.ttapi, timeScale: TIME_SCALE },
      submitLimiter: limiterFor({ perSecond: 20, timeScale: TIME_SCALE }),
      outDir,
    })
    try {
      await watcher.done
      expect([...watcher.failed.values()]).toEqual([])
      const queue = new Queue(config.queueName ?? "", { connection: { url: config.redisUrl }, prefix: config.prefix ?? "bull" })
      const job = await Job.fromId(queue, "a")
      await queue.close()
      const result = job?.returnvalue as { path: string; bytes: number }
      expect(result.path).toBe(join(outDir, "a.mp4"))
      expect(statSync(result.path).size).toBe(result.bytes)
    } finally {
      await worker.close()
      await watcher.close()
      await cleanup(config)
    }
  })
})
