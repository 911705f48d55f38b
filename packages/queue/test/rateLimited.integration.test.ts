import { startSandbox, type Sandbox } from "@happyhorse/sandbox"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { enqueue } from "../src/producer/Producer.js"
import { startWorker } from "../src/worker/QueueWorker.js"
import type { WorkerEvent } from "../src/worker/WorkerEvent.js"
import { cleanup, finishedJobs, freshQueue } from "./support/redis.js"

const TIME_SCALE = 50
const KEY = "sk-queue-429"

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox({ timeScale: TIME_SCALE, seed: 8, limits: { submitsPerSecond: 2 }, durations: { fixedMs: 20_000 } })
})
afterAll(() => sandbox.close())

describe("a gateway that answers 429", () => {
  it("pauses the submit queue and sends again, one accepted submit per job", async () => {
    const config = freshQueue("ratelimited")
    const count = 20
    const watcher = await finishedJobs(config, count)
    const events: Array<WorkerEvent> = []
    await enqueue(
      config,
      Array.from({ length: count }, (_, i) => ({ id: `r${i}`, request: { kind: "text-to-video", prompt: `a horse at speed ${i}` } })),
    )
    // A limiter far above the gateway's limit, as if misconfigured: the gateway's 429s must do the rest.
    const worker = await startWorker({
      ...config,
      gateway: { provider: "acedata", apiKey: KEY, baseUrl: sandbox.urls.acedata, timeScale: TIME_SCALE },
      submitLimiter: { max: 50, duration: 100 },
      onEvent: (event) => events.push(event),
    })
    try {
      await watcher.done
      expect([...watcher.failed.values()]).toEqual([])
      expect(sandbox.ledger.rateLimited(KEY)).toBeGreaterThan(0)
      expect(events.some((event) => event._tag === "RateLimited")).toBe(true)
      expect(Object.values(sandbox.ledger.submitsPerFingerprint(KEY))).toEqual(Array(count).fill(1))
    } finally {
      await worker.close()
      await watcher.close()
      await cleanup(config)
    }
  })
})
