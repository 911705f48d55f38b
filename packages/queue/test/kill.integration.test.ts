import { startSandbox, type Sandbox } from "@happyhorse/sandbox"
import { Job, Queue } from "bullmq"
import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { listInDoubt, resolveInDoubt } from "../src/admin/inDoubt.js"
import { queueStatus } from "../src/admin/status.js"
import { enqueue } from "../src/producer/Producer.js"
import { maxInWindow } from "./support/ledger.js"
import { assertBuilt, exited, spawnWorker } from "./support/processes.js"
import { cleanup, finishedJobs, freshQueue } from "./support/redis.js"

const TIME_SCALE = 5
/** The gateway's limit: submits per sandbox second, for this key. */
const RATE = 10
const KEY = "sk-queue-kill"
const JOBS = 500

let sandbox: Sandbox
beforeAll(async () => {
  assertBuilt()
  sandbox = await startSandbox({
    timeScale: TIME_SCALE,
    seed: 23,
    limits: { submitsPerSecond: RATE },
    durations: { medianMs: 40_000, sigma: 0.3, minMs: 20_000, maxMs: 90_000 },
  })
})
afterAll(() => sandbox.close())

describe("three worker processes, one killed mid-run", () => {
  it("completes every job with one paid submit each (in-doubt ones aside) and never passes the rate limit", async () => {
    const config = freshQueue("kill")
    const watcher = await finishedJobs(config, JOBS)
    const workerOptions = {
      provider: "evolink",
      baseUrl: sandbox.urls.evolink,
      apiKey: KEY,
      timeScale: TIME_SCALE,
      // Headroom for a loaded two-core CI runner: the limiter aims at 80 % of the gateway's limit and
      // one submit is on the wire at a time, so a stalled process cannot release a burst.
      rate: RATE * 0.8,
      globalConcurrency: 1,
      lockMs: 3_000,
      jitterMs: 40,
    }
    const workers = [spawnWorker(config, workerOptions), spawnWorker(config, workerOptions), spawnWorker(config, workerOptions)]
    try {
      await enqueue(
        config,
        Array.from({ length: JOBS }, (_, i) => ({ id: `job-${i}`, request: { kind: "text-to-video", prompt: `horse number ${i}` } })),
      )
      // SIGKILL one worker once the run is well under way, then start a fresh one.
      await watcher.until(() => sandbox.ledger.submits(KEY).length >= JOBS * 0.4)
      workers[0]?.kill("SIGKILL")
      await exited(workers[0]!)
      const killedAt = sandbox.ledger.submits(KEY).length
      expect(killedAt).toBeLessThan(JOBS)
      workers.push(spawnWorker(config, workerOptions))

      await watcher.done
      // A person decides about each in-doubt job; here: resubmit (they may pay twice for these only).
      const inDoubt = await Effect.runPromise(listInDoubt(config))
      expect(new Set(inDoubt.map((j) => j.jobId))).toEqual(new Set(watcher.failed.keys()))
      for (const job of inDoubt) await Effect.runPromise(resolveInDoubt(config, job.jobId, { _tag: "Resubmit" }))
      await watcher.until(() => watcher.completed.size === JOBS)

      const queue = new Queue(config.queueName ?? "", { connection: { url: config.redisUrl }, prefix: config.prefix ?? "bull" })
      const taskOfJob = new Map<string, string>()
      for (let i = 0; i < JOBS; i++) {
        const job = await Job.fromId(queue, `job-${i}`)
        taskOfJob.set(`job-${i}`, (job?.returnvalue as { taskId: string }).taskId)
      }
      await queue.close()

      // Every job completed with its own task.
      expect(new Set(taskOfJob.values()).size).toBe(JOBS)
      const submitted = Object.keys(sandbox.ledger.submitsPerTask(KEY))
      for (const taskId of taskOfJob.values()) expect(submitted).toContain(taskId)
      // Tasks no job follows are the first submits of in-doubt jobs, which were resubmitted.
      const orphans = submitted.filter((taskId) => ![...taskOfJob.values()].includes(taskId))
      expect(orphans.length).toBeLessThanOrEqual(inDoubt.length)
      const perBody = Object.values(sandbox.ledger.submitsPerFingerprint(KEY))
      expect(perBody.length).toBe(JOBS)
      expect(perBody.filter((n) => n > 1).length).toBeLessThanOrEqual(inDoubt.length)
      expect(Math.max(...perBody)).toBeLessThanOrEqual(2)

      // The gateway never refused a submit for rate, and no sliding second held more than its limit.
      const reqs = sandbox.ledger.requests(KEY).filter((r) => r.kind === "submit")
      reqs.forEach((r, i) => {
        if (r.status === 429) console.log("429 at", i, reqs.slice(Math.max(0, i - 12), i + 1).map((q) => `${q.status}@${q.sandboxMs % 100000}/${q.realMs % 100000}`).join(" "))
      })
      expect(sandbox.ledger.rateLimited(KEY)).toBe(0)
      expect(maxInWindow(sandbox.ledger.submits(KEY).map((s) => s.sandboxMs), 1000)).toBeLessThanOrEqual(RATE)

      const status = await Effect.runPromise(queueStatus(config))
      expect(status.jobs.completed).toBe(JOBS)
      expect(status.inDoubt).toBe(0)
      console.log(`kill test: killed after ${killedAt} submits, ${inDoubt.length} in doubt, ${orphans.length} orphan task(s)`)
    } finally {
      for (const worker of workers) worker.kill("SIGTERM")
      await Promise.all(workers.map(exited))
      await watcher.close()
      await cleanup(config)
    }
  })
})
