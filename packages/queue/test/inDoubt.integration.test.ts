import { createClient } from "@happyhorse/core/node"
import { startSandbox, type Sandbox } from "@happyhorse/sandbox"
import { Job, Queue } from "bullmq"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { listInDoubt, resolveInDoubt } from "../src/admin/inDoubt.js"
import { queueStatus } from "../src/admin/status.js"
import { limiterFor } from "../src/config/limiter.js"
import type { QueueConfig } from "../src/config/QueueConfig.js"
import { enqueue } from "../src/producer/Producer.js"
import { startWorker } from "../src/worker/QueueWorker.js"
import { assertBuilt, exited, spawnWorker } from "./support/processes.js"
import { cleanup, finishedJobs, freshQueue } from "./support/redis.js"

const TIME_SCALE = 200
const KEY = "sk-queue-doubt"

let sandbox: Sandbox
beforeAll(async () => {
  assertBuilt()
  sandbox = await startSandbox({ timeScale: TIME_SCALE, seed: 5, durations: { fixedMs: 30_000 } })
})
afterAll(() => sandbox.close())

const jobOf = async (config: QueueConfig, id: string) => {
  const queue = new Queue(config.queueName ?? "", { connection: { url: config.redisUrl }, prefix: config.prefix ?? "bull" })
  try {
    return await Job.fromId(queue, id)
  } finally {
    await queue.close()
  }
}

describe("a submit with no usable answer", () => {
  it("is never resent: the job waits in doubt until a person follows a task or resubmits", async () => {
    const config = freshQueue("doubt")
    const watcher = await finishedJobs(config, 2)
    const requests = {
      found: { kind: "text-to-video" as const, prompt: "a horse that may exist" },
      again: { kind: "text-to-video" as const, prompt: "a horse to submit again" },
    }
    sandbox.setFaults({ serverErrorRate: 1 })
    await enqueue(config, Object.entries(requests).map(([id, request]) => ({ id, request })))
    const worker = await startWorker({
      ...config,
      gateway: { provider: "dashscope", apiKey: KEY, baseUrl: sandbox.urls.dashscope, timeScale: TIME_SCALE },
      submitLimiter: limiterFor({ perSecond: 20, timeScale: TIME_SCALE }),
    })
    try {
      await watcher.done
      expect([...watcher.failed.values()].every((reason) => reason.startsWith("SubmitInDoubt:"))).toBe(true)
      const inDoubt = await Effect.runPromise(listInDoubt(config))
      expect(inDoubt.map((job) => job.jobId)).toEqual(["again", "found"])
      expect(inDoubt[0]?.request).toEqual(requests.again)
      expect((await Effect.runPromise(queueStatus(config))).inDoubt).toBe(2)
      // One try each, none resent: the gateway answered 500 to both.
      const submits = sandbox.ledger.requests(KEY).filter((r) => r.kind === "submit" || r.fault === "server_error")
      expect(submits.length).toBe(2)

      sandbox.setFaults({ serverErrorRate: 0 })
      // The person finds the task on the gateway (here: made by hand) and tells the queue to follow it.
      const client = createClient({ provider: "dashscope", apiKey: KEY, baseUrl: sandbox.urls.dashscope, timeScale: TIME_SCALE })
      const receipt = await client.submit(requests.found)
      await client.dispose()
      await Effect.runPromise(resolveInDoubt(config, "found", { _tag: "UseTask", taskId: receipt.taskId }))
      await Effect.runPromise(resolveInDoubt(config, "again", { _tag: "Resubmit" }))
      await watcher.until(() => watcher.completed.size === 2)

      const found = await jobOf(config, "found")
      expect((found?.returnvalue as { taskId: string }).taskId).toBe(receipt.taskId)
      // The hand-made submit and the one resubmit: nothing else was paid for.
      expect(sandbox.ledger.submits(KEY).length).toBe(2)
      expect((await Effect.runPromise(queueStatus(config))).inDoubt).toBe(0)

      const again = await Effect.runPromise(Effect.either(resolveInDoubt(config, "again", { _tag: "Resubmit" })))
      expect(Either.isLeft(again) && again.left._tag).toBe("NotInDoubt")
    } finally {
      sandbox.setFaults({ serverErrorRate: 0 })
      await worker.close()
      await watcher.close()
      await cleanup(config)
    }
  })

  it("reports a job in doubt when its worker was killed during the submit", async () => {
    const config = freshQueue("stopped")
    const watcher = await finishedJobs(config, 1)
    // The reply is held long enough that the killed process could never have recorded a task id.
    sandbox.setFaults({ slowReplyMs: 5_000 })
    await enqueue(config, [{ id: "slow", request: { kind: "text-to-video", prompt: "a horse in slow motion" } }])
    const lockMs = 1_000
    // A real process, killed with SIGKILL: nothing of it runs on after the kill.
    const first = spawnWorker(config, {
      provider: "dashscope",
      baseUrl: sandbox.urls.dashscope,
      apiKey: KEY,
      timeScale: TIME_SCALE,
      rate: 20,
      lockMs,
    })
    let second: Awaited<ReturnType<typeof startWorker>> | undefined
    try {
      const submits = new Queue(`${config.queueName}-submit`, { connection: { url: config.redisUrl }, prefix: config.prefix ?? "bull" })
      await vi.waitFor(
        async () => {
          const job = await Job.fromId(submits, "slow-submit-0")
          expect((job?.data as { phase?: string } | undefined)?.phase).toBe("submitting")
        },
        { timeout: 15_000, interval: 20 },
      )
      await submits.close()
      first.kill("SIGKILL")
      await exited(first)
      sandbox.setFaults({ slowReplyMs: 0 })
      second = await startWorker({
        ...config,
        gateway: { provider: "dashscope", apiKey: KEY, baseUrl: sandbox.urls.dashscope, timeScale: TIME_SCALE },
        submitLimiter: limiterFor({ perSecond: 20, timeScale: TIME_SCALE }),
        lockDurationMs: lockMs,
      })
      await watcher.done
      const failed = [...watcher.failed.values()]
      expect(failed).toHaveLength(1)
      expect(failed[0]).toMatch(/^SubmitInDoubt:/)
      expect((await Effect.runPromise(listInDoubt(config))).map((job) => job.jobId)).toEqual(["slow"])
    } finally {
      if (first.exitCode === null && first.signalCode === null) first.kill("SIGKILL")
      sandbox.setFaults({ slowReplyMs: 0 })
      await second?.close()
      await watcher.close()
      await cleanup(config)
    }
  })
})
