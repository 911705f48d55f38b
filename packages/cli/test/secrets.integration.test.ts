import { describe, expect, it } from "@effect/vitest"
import { startSandbox } from "@happyhorse/sandbox"
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { cleanEnv, jsonLines, runCli } from "./support/cli.js"

const SCALE = 200
const CANARY = "hh-canary-echoed-3c9e7a-DO-NOT-STORE"

const batchFile = (dir: string, count: number): string => {
  const file = join(dir, "echo.jsonl")
  const lines = Array.from({ length: count }, (_, i) => JSON.stringify({ id: `e${i + 1}`, prompt: "a horse and a careless gateway", seed: i + 1, duration: 3 }))
  writeFileSync(file, `${lines.join("\n")}\n`)
  return file
}

describe("a gateway that echoes the key", () => {
  it.each(["json", "text", "header"] as const)(
    "in %s: the journal file, both reports and every line printed stay clean",
    { timeout: 120_000 },
    async (echoKey) => {
      // Every submit answers 500 with the key in it (in doubt), then the rest of the batch runs clean.
      const sandbox = await startSandbox({
        timeScale: SCALE,
        seed: 4,
        testMode: true,
        durations: { fixedMs: 20_000 },
        invalidKeys: [`${CANARY}-revoked`],
        faults: { serverErrorRate: 1, echoKey },
      })
      try {
        const dir = mkdtempSync(join(tmpdir(), `hh-echo-${echoKey}-`))
        const state = join(dir, "state")
        const out = join(dir, "b")
        const seen: Array<string> = []
        for (const gateway of ["evolink", "ttapi"] as const) {
          const env = cleanEnv({ HAPPYHORSE_API_KEY: CANARY, HAPPYHORSE_PROVIDER: gateway, HAPPYHORSE_BASE_URL: sandbox.urls[gateway], HAPPYHORSE_DEBUG: "1" })
          const b = await runCli(["batch", batchFile(dir, 3), "--state", state, "--out", out, "--time-scale", String(SCALE), "--json"], env)
          seen.push(b.stdout, b.stderr)
          expect(jsonLines(b.stdout).some((l) => l["event"] === "report")).toBe(true)
          const g = await runCli(["generate", "a horse", "--out", join(dir, "v"), "--state", state, "--time-scale", String(SCALE)], env)
          seen.push(g.stdout, g.stderr)
        }
        sandbox.setFaults({ serverErrorRate: 0 })
        const refused = cleanEnv({ HAPPYHORSE_API_KEY: `${CANARY}-revoked`, HAPPYHORSE_PROVIDER: "acedata", HAPPYHORSE_BASE_URL: sandbox.urls.acedata })
        const denied = await runCli(["generate", "a horse", "--state", state, "--time-scale", String(SCALE), "--json"], refused)
        expect(denied.code).toBe(3)
        seen.push(denied.stdout, denied.stderr)
        const env = cleanEnv({ HAPPYHORSE_API_KEY: "another-key", HAPPYHORSE_PROVIDER: "evolink", HAPPYHORSE_BASE_URL: sandbox.urls.evolink })
        const tasks = await runCli(["tasks", "--state", state, "--json"], env)
        seen.push(tasks.stdout, tasks.stderr)

        // What is stored: the journal's bytes (and its side files) and both reports.
        const stored: Array<string> = []
        for (const name of readdirSync(state)) stored.push(readFileSync(join(state, name)).toString("latin1"))
        stored.push(readFileSync(join(out, "report.json"), "utf8"), readFileSync(join(out, "report.html"), "utf8"))
        const files = stored.join("\n")
        // The echo really reached the journal as an error, with the key gone from it.
        expect(jsonLines(tasks.stdout).some((r) => r["state"] === "in-doubt")).toBe(true)
        for (const text of [files, seen.join("\n")]) {
          expect(text).not.toContain(CANARY)
          expect(text).not.toMatch(/bearer\s+hh-canary/i)
        }
        if (echoKey !== "header") expect(files).toContain("[redacted]")
      } finally {
        await sandbox.close()
      }
    },
  )
})
