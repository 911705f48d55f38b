import { startSandbox, type Sandbox } from "@happyhorse/sandbox"
import { Redis } from "ioredis"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { limiterFor } from "../src/config/limiter.js"
import { enqueue } from "../src/producer/Producer.js"
import { startWorker } from "../src/worker/QueueWorker.js"
import { assertBuilt } from "./support/processes.js"
import { cleanup, finishedJobs, freshQueue } from "./support/redis.js"

const TIME_SCALE = 200
const CANARY = "sk-queue-canary-5d2e-DO-NOT-STORE"

let sandbox: Sandbox
beforeAll(async () => {
  assertBuilt()
  sandbox = await startSandbox({ timeScale: TIME_SCALE, seed: 9, durations: { fixedMs: 30_000 }, invalidKeys: [`${CANARY}-revoked`] })
})
afterAll(() => sandbox.close())

/** Every value stored under a key prefix, whatever its Redis type. */
const dump = async (redis: Redis, prefix: string): Promise<string> => {
  const parts: Array<string> = []
  for (const key of await redis.keys(`${prefix}:*`)) {
    parts.push(key)
    const type = await redis.type(key)
    if (type === "string") parts.push((await redis.get(key)) ?? "")
    else if (type === "hash") parts.push(JSON.stringify(await redis.hgetall(key)))
    else if (type === "list") parts.push(...(await redis.lrange(key, 0, -1)))
    else if (type === "set") parts.push(...(await redis.smembers(key)))
    else if (type === "zset") parts.push(...(await redis.zrange(key, 0, -1)))
    else if (type === "stream") parts.push(JSON.stringify(await redis.xrange(key, "-", "+")))
  }
  return parts.join("\n")
}

describe("a gateway that echoes the key", () => {
  it.each(["json", "text", "header"] as const)("in %s: nothing the queue keeps in Redis holds it", async (echoKey) => {
    const config = freshQueue(`canary-${echoKey}`)
    const refusedConfig = { ...config, queueName: `${config.queueName}-refused` }
    const redis = new Redis(config.redisUrl)
    const watcher = await finishedJobs(config, 1)
    const refusedWatcher = await finishedJobs(refusedConfig, 1)
    const workers: Array<{ close: () => Promise<void> }> = []
    try {
      // A revoked key, answered 401 with the key in the reply.
      sandbox.setFaults({ serverErrorRate: 0, echoKey })
      workers.push(
        await startWorker({
          ...refusedConfig,
          gateway: { provider: "ttapi", apiKey: `${CANARY}-revoked`, baseUrl: sandbox.urls.ttapi, timeScale: TIME_SCALE },
          submitLimiter: limiterFor({ perSecond: 20, timeScale: TIME_SCALE }),
        }),
      )
      await enqueue(refusedConfig, [{ id: "denied", request: { kind: "text-to-video", prompt: "a horse with a revoked key" } }])
      await refusedWatcher.done
      // A 500 to the submit that echoes the key: the job waits in doubt with the reason stored.
      sandbox.setFaults({ serverErrorRate: 1, echoKey })
      workers.push(
        await startWorker({
          ...config,
          gateway: { provider: "dashscope", apiKey: CANARY, baseUrl: sandbox.urls.dashscope, timeScale: TIME_SCALE },
          submitLimiter: limiterFor({ perSecond: 20, timeScale: TIME_SCALE }),
        }),
      )
      await enqueue(config, [{ id: "echo", request: { kind: "text-to-video", prompt: "a horse that meets a careless gateway" } }])
      await watcher.done
      const stored = `${await dump(redis, config.prefix ?? "bull")}\n${[...watcher.failed.values(), ...refusedWatcher.failed.values()].join("\n")}`
      // The failures really were stored, and none of them kept the key.
      expect(stored).toContain("SubmitInDoubt")
      expect(stored).toContain("AuthError")
      expect(stored).not.toContain(CANARY)
      expect(stored).not.toMatch(/bearer\s+sk-/i)
    } finally {
      sandbox.setFaults({ serverErrorRate: 0, echoKey: undefined })
      for (const worker of workers) await worker.close()
      await watcher.close()
      await refusedWatcher.close()
      redis.disconnect()
      await cleanup(config)
      await cleanup(refusedConfig)
    }
  })
})
