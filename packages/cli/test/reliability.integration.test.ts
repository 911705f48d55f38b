import { describe, expect, it } from "@effect/vitest"
import { startSandbox } from "@happyhorse/sandbox"
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { cleanEnv, isMp4, jsonLines, runCli, spawnCli } from "./support/cli.js"

// Sandbox seconds per real second; the client gets the same scale so its waits shrink alike.
const SCALE = 200

/** A small seeded PRNG, so a failing run can be replayed. */
const prng = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
  return seed / 2_147_483_648
}

const batchFile = (dir: string, count: number): string => {
  const file = join(dir, "horses.jsonl")
  // One prompt (the sandbox renders it once), a seed per line (each body is its own task).
  const lines = Array.from({ length: count }, (_, i) => JSON.stringify({ id: `h${i + 1}`, prompt: "a horse galloping", seed: i + 1, duration: 3 }))
  writeFileSync(file, `${lines.join("\n")}\n`)
  return file
}

const TYPED = new Set([
  "SubmitInDoubt",
  "TaskFailed",
  "TaskCanceled",
  "GatewayError",
  "TransportError",
  "RateLimited",
  "MalformedReply",
  "DownloadFailed",
  "ResultExpired",
  "WatchTimeout",
  "ContentRejected",
])

const journalRows = async (env: NodeJS.ProcessEnv, state: string) =>
  jsonLines((await runCli(["tasks", "--state", state, "--json"], env)).stdout)

describe("reliability", () => {
  it("survives 50 SIGKILLs over a 200-task batch: every task done once, no second paid submit except in-doubt", { timeout: 420_000 }, async () => {
    const sandbox = await startSandbox({ timeScale: SCALE, seed: 11, testMode: true, durations: { medianMs: 60_000, sigma: 0.3 } })
    try {
      const dir = mkdtempSync(join(tmpdir(), "hh-kill-"))
      const file = batchFile(dir, 200)
      const state = join(dir, "state")
      const out = join(dir, "videos")
      const key = "kill-test-key"
      const env = cleanEnv({ HAPPYHORSE_API_KEY: key, HAPPYHORSE_PROVIDER: "tokenbay", HAPPYHORSE_BASE_URL: sandbox.urls.tokenbay })
      // --rate is in gateway time: 0.0125/s x 200 = 2.5 submits a real second, so submitting alone spans about
      // 80 s of restarts and the batch outlives the kills even though each task is detected within seconds.
      const args = ["batch", file, "--state", state, "--out", out, "--json", "--concurrency", "12", "--rate", "0.0125", "--time-scale", String(SCALE)]
      const random = prng(20_260_601)
      let kills = 0
      for (let round = 0; round < 90 && kills < 50; round++) {
        const run = spawnCli(args, env)
        const delay = 200 + Math.floor(random() * 1000)
        const timer = setTimeout(() => run.child.kill("SIGKILL"), delay)
        const result = await run.done
        clearTimeout(timer)
        if (result.signal === "SIGKILL") kills++
        else break
      }
      expect(kills).toBeGreaterThanOrEqual(50)

      const settle = await runCli(args, env)
      expect([0, 5]).toContain(settle.code)
      const inDoubt = (await journalRows(env, state)).filter((r) => r["state"] === "in-doubt").map((r) => String(r["key"]))
      // Only a submit on the wire can be in doubt, and one is on the wire at a time: at most one per kill.
      expect(inDoubt.length).toBeLessThanOrEqual(kills)
      const finish = await runCli([...args, "--resubmit-in-doubt"], env)
      expect(finish.code).toBe(0)

      const rows = await journalRows(env, state)
      expect(rows).toHaveLength(200)
      expect(rows.every((r) => r["state"] === "done")).toBe(true)
      const taskIds = rows.map((r) => String(r["taskId"]))
      expect(new Set(taskIds).size).toBe(200)
      for (const row of rows) expect(isMp4(readFileSync(String(row["file"])))).toBe(true)
      expect(readdirSync(out).filter((f) => f.endsWith(".part"))).toEqual([])

      const charges = sandbox.ledger.chargesPerTask(key)
      for (const id of taskIds) expect(charges[id]).toBe(1)
      const perBody = Object.values(sandbox.ledger.submitsPerFingerprint(key))
      const repeated = perBody.filter((n) => n > 1).length
      expect(repeated).toBeLessThanOrEqual(inDoubt.length)
      expect(perBody.every((n) => n <= 2)).toBe(true)
      expect(sandbox.ledger.submits(key).length).toBeLessThanOrEqual(200 + inDoubt.length)
      console.info(`kills=${kills} in-doubt=${inDoubt.length} submits=${sandbox.ledger.submits(key).length}`)
    } finally {
      await sandbox.close()
    }
  })

  it("finishes every task the sandbox generates under 5xx, resets, 429 bursts and cut downloads; the rest end typed", { timeout: 240_000 }, async () => {
    const sandbox = await startSandbox({
      timeScale: SCALE,
      seed: 5,
      testMode: true,
      durations: { medianMs: 40_000, sigma: 0.3 },
      limits: { concurrentTasks: 4 },
      faults: { serverErrorRate: 0.08, resetRate: 0.05, truncateDownloadRate: 0.3, taskFailureRate: 0.1 },
    })
    try {
      const dir = mkdtempSync(join(tmpdir(), "hh-faults-"))
      const file = batchFile(dir, 40)
      const state = join(dir, "state")
      const key = "fault-test-key"
      const env = cleanEnv({ HAPPYHORSE_API_KEY: key, HAPPYHORSE_PROVIDER: "tokenbay", HAPPYHORSE_BASE_URL: sandbox.urls.tokenbay })
      const result = await runCli(
        ["batch", file, "--state", state, "--out", join(dir, "videos"), "--json", "--concurrency", "8", "--rate", "1", "--time-scale", String(SCALE)],
        env,
      )
      expect([0, 3, 5]).toContain(result.code)
      expect(sandbox.ledger.rateLimited(key)).toBeGreaterThan(0)
      const rows = await journalRows(env, state)
      expect(rows).toHaveLength(40)
      const charged = sandbox.ledger.chargesPerTask(key)
      const counts: Record<string, number> = {}
      for (const row of rows) counts[`${String(row["state"])}:${String(row["errorTag"])}`] = (counts[`${String(row["state"])}:${String(row["errorTag"])}`] ?? 0) + 1
      console.info(JSON.stringify(counts), "429s:", sandbox.ledger.rateLimited(key))
      expect(rows.filter((r) => r["state"] === "done").length).toBeGreaterThan(20)
      for (const row of rows) {
        if (row["state"] === "done") {
          expect(isMp4(readFileSync(String(row["file"])))).toBe(true)
        } else {
          expect(["failed", "in-doubt"]).toContain(row["state"])
          expect(TYPED.has(String(row["errorTag"]))).toBe(true)
          // A task the sandbox made (and billed) must not end anywhere but done.
          if (row["taskId"] !== null) expect(charged[String(row["taskId"])]).toBeUndefined()
        }
      }
      const report = JSON.parse(readFileSync(join(dir, "videos", "report.json"), "utf8")) as { totals: { tasks: number } }
      expect(report.totals.tasks).toBe(40)
      expect(existsSync(join(dir, "videos", "report.html"))).toBe(true)
    } finally {
      await sandbox.close()
    }
  })

  it("never lets a canary API key reach output, logs, the journal or the reports", { timeout: 120_000 }, async () => {
    const canary = "hh-canary-7f3a9c1e-DO-NOT-PRINT"
    const refused = "hh-canary-refused-b81d2e"
    const sandbox = await startSandbox({ timeScale: SCALE, seed: 3, testMode: true, invalidKeys: [refused], faults: { serverErrorRate: 0.1 } })
    try {
      const dir = mkdtempSync(join(tmpdir(), "hh-secret-"))
      const state = join(dir, "state")
      const seen: Array<string> = []
      for (const gateway of ["ttapi", "tokenbay", "evolink", "acedata", "dashscope"] as const) {
        const env = cleanEnv({ HAPPYHORSE_API_KEY: canary, HAPPYHORSE_PROVIDER: gateway, HAPPYHORSE_BASE_URL: sandbox.urls[gateway], HAPPYHORSE_DEBUG: "1" })
        for (const json of [[], ["--json"]]) {
          const r = await runCli(["generate", "a horse", "--out", join(dir, "v"), "--state", state, "--time-scale", String(SCALE), ...json], env)
          seen.push(r.stdout, r.stderr)
        }
      }
      const batch = batchFile(dir, 6)
      const env = cleanEnv({ HAPPYHORSE_API_KEY: canary, HAPPYHORSE_PROVIDER: "evolink", HAPPYHORSE_BASE_URL: sandbox.urls.evolink })
      const b = await runCli(["batch", batch, "--state", state, "--out", join(dir, "b"), "--time-scale", String(SCALE), "--json"], env)
      seen.push(b.stdout, b.stderr)
      const bad = cleanEnv({ HAPPYHORSE_API_KEY: refused, HAPPYHORSE_PROVIDER: "acedata", HAPPYHORSE_BASE_URL: sandbox.urls.acedata })
      const denied = await runCli(["generate", "a horse", "--state", state, "--time-scale", String(SCALE)], bad)
      expect(denied.code).toBe(3)
      seen.push(denied.stdout, denied.stderr)
      const tasks = await runCli(["tasks", "--state", state, "--json"], env)
      seen.push(tasks.stdout)
      for (const name of readdirSync(state)) seen.push(readFileSync(join(state, name)).toString("latin1"))
      seen.push(readFileSync(join(dir, "b", "report.json"), "utf8"), readFileSync(join(dir, "b", "report.html"), "utf8"))
      const all = seen.join("\n")
      expect(all.length).toBeGreaterThan(1000)
      expect(all).not.toContain(canary)
      expect(all).not.toContain(refused)
    } finally {
      await sandbox.close()
    }
  })
})
