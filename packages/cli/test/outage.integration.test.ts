import { describe, expect, it } from "@effect/vitest"
import { startSandbox } from "@happyhorse/sandbox"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { cleanEnv, isMp4, jsonLines, runCli, spawnCli } from "./support/cli.js"
import { startTcpProxy } from "./support/tcpProxy.js"

const SCALE = 100

/** Resolves once the condition holds, checked every 20 ms, or fails after `ms`. */
const until = async (condition: () => boolean, ms: number): Promise<void> => {
  const end = Date.now() + ms
  while (!condition()) {
    if (Date.now() > end) throw new Error("condition not reached")
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe("an outage while a batch watches its paid tasks", () => {
  it("leaves every accepted task resumable; resume finishes each with the same id and no second submit", { timeout: 180_000 }, async () => {
    // Tasks take 300 s of sandbox time (3 s real): the outage starts while every one is running.
    const sandbox = await startSandbox({ timeScale: SCALE, seed: 8, testMode: true, durations: { fixedMs: 300_000 } })
    const proxy = await startTcpProxy(Number(new URL(sandbox.origin).port))
    try {
      const dir = mkdtempSync(join(tmpdir(), "hh-outage-"))
      const file = join(dir, "outage.jsonl")
      writeFileSync(file, [1, 2, 3].map((i) => JSON.stringify({ id: `o${i}`, prompt: "a horse in a storm", seed: i, duration: 3 })).join("\n"))
      const state = join(dir, "state")
      const out = join(dir, "videos")
      const key = "outage-test-key"
      const env = cleanEnv({ HAPPYHORSE_API_KEY: key, HAPPYHORSE_PROVIDER: "tokenbay", HAPPYHORSE_BASE_URL: `http://127.0.0.1:${proxy.port}/tokenbay` })
      const common = ["--state", state, "--out", out, "--json", "--time-scale", String(SCALE), "--task-timeout", "3600"]

      const run = spawnCli(["batch", file, "--concurrency", "3", "--rate", "50", ...common], env)
      await until(() => sandbox.ledger.submits(key).length === 3, 60_000)
      await proxy.down()
      const first = await run.done
      const rows = jsonLines((await runCli(["tasks", "--state", state, "--json"], env)).stdout)
      expect(rows).toHaveLength(3)
      // Paid and unfinished: never failed, each with its id and the outage noted.
      for (const row of rows) {
        expect(["submitted", "running"]).toContain(row["state"])
        expect(row["taskId"]).not.toBeNull()
        expect(row["errorTag"]).toBe("TransportError")
      }
      expect(first.code).toBe(3)
      const summary = jsonLines(first.stdout).find((l) => l["event"] === "report")
      expect(summary?.["unfinished"]).toBe(3)
      expect(Number(summary?.["costUsd"])).toBeGreaterThan(0)

      await proxy.up()
      const resumed = await runCli(["resume", ...common], env)
      expect(resumed.code).toBe(0)
      const after = jsonLines((await runCli(["tasks", "--state", state, "--json"], env)).stdout)
      expect(after.map((r) => r["state"])).toEqual(["done", "done", "done"])
      expect(after.map((r) => r["taskId"])).toEqual(rows.map((r) => r["taskId"]))
      for (const row of after) expect(isMp4(readFileSync(String(row["file"])))).toBe(true)
      // No second submit: the sandbox counted three, one per line.
      expect(sandbox.ledger.submits(key)).toHaveLength(3)
      const charges = sandbox.ledger.chargesPerTask(key)
      for (const row of after) expect(charges[String(row["taskId"])]).toBe(1)
    } finally {
      await proxy.close()
      await sandbox.close()
    }
  })
})
