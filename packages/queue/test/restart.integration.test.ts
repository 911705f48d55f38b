import { startSandbox, type Sandbox } from "@happyhorse/sandbox"
import { execFile } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { assertBuilt, BIN, exited, runAdd, spawnWorker } from "./support/processes.js"
import { cleanup, finishedJobs, freshQueue } from "./support/redis.js"

const TIME_SCALE = 50
const KEY = "sk-queue-restart"
const JOBS = 40

let sandbox: Sandbox
beforeAll(async () => {
  assertBuilt()
  sandbox = await startSandbox({ timeScale: TIME_SCALE, seed: 3, durations: { medianMs: 60_000, sigma: 0.3, minMs: 30_000, maxMs: 120_000 } })
})
afterAll(() => sandbox.close())

const line = (i: number) => JSON.stringify({ id: `shot${i}`, prompt: `a horse, shot ${i}` })

describe("restarts", () => {
  it("lose nothing: a producer resending its file and a worker replaced mid-run", async () => {
    const config = freshQueue("restart")
    const dir = mkdtempSync(join(tmpdir(), "hh-queue-restart-"))
    const file = join(dir, "catalogue.jsonl")
    const watcher = await finishedJobs(config, JOBS)
    const options = { provider: "tokenbay", baseUrl: sandbox.urls.tokenbay, apiKey: KEY, timeScale: TIME_SCALE, rate: 10, lockMs: 3_000 }
    let worker = spawnWorker(config, options)
    const workers = [worker]
    try {
      // The producer stopped halfway through its file; restarted once some jobs are done, it sends
      // the whole file again: jobs done, running or waiting are each found and not added twice.
      writeFileSync(file, Array.from({ length: JOBS / 2 }, (_, i) => line(i)).join("\n"))
      expect((await runAdd(config, file)).code).toBe(0)
      await watcher.until(() => watcher.completed.size >= 5)
      writeFileSync(file, Array.from({ length: JOBS }, (_, i) => line(i)).join("\n"))
      const second = await runAdd(config, file)
      expect(second.code).toBe(0)
      expect(second.stdout).toContain(`queued ${JOBS} job(s)`)

      // The worker is stopped (SIGTERM finishes its running steps) and another takes over.
      await watcher.until(() => watcher.completed.size >= 15)
      worker.kill("SIGTERM")
      await exited(worker)
      expect(worker.exitCode).toBe(0)
      worker = spawnWorker(config, options)
      workers.push(worker)

      await watcher.done
      expect([...watcher.failed.values()]).toEqual([])
      expect(watcher.completed.size).toBe(JOBS)
      const perBody = Object.values(sandbox.ledger.submitsPerFingerprint(KEY))
      expect(perBody).toEqual(Array(JOBS).fill(1))

      const { stdout } = await promisify(execFile)(process.execPath, [
        BIN,
        "status",
        "--json",
        "--redis-url",
        config.redisUrl,
        "--queue",
        config.queueName ?? "",
        "--prefix",
        config.prefix ?? "",
      ])
      const status = JSON.parse(stdout) as { jobs: { completed: number; failed: number; waiting: number }; inDoubt: number; spentUsd: number }
      expect(status.jobs).toMatchObject({ completed: JOBS, failed: 0, waiting: 0 })
      expect(status.inDoubt).toBe(0)
      expect(status.spentUsd).toBeCloseTo(JOBS * 5 * 0.14, 5)
    } finally {
      for (const w of workers) w.kill("SIGTERM")
      await Promise.all(workers.map(exited))
      await watcher.close()
      await cleanup(config)
    }
  })
})
