import { describe, expect, it } from "@effect/vitest"
import { startSandbox } from "@happyhorse/sandbox"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { cleanEnv, jsonLines, runCli } from "./support/cli.js"

describe("--callback-base", () => {
  it("is checked by the callback rules on the parsed URL, with the batch, before anything is sent", { timeout: 120_000 }, async () => {
    const sandbox = await startSandbox({ timeScale: 200, seed: 2, testMode: true })
    try {
      const dir = mkdtempSync(join(tmpdir(), "hh-callback-"))
      const file = join(dir, "hooks.jsonl")
      writeFileSync(file, `${JSON.stringify({ id: "a", prompt: "a horse" })}\n${JSON.stringify({ id: "b", prompt: "a foal" })}\n`)
      const state = join(dir, "state")
      const key = "callback-test-key"
      const env = cleanEnv({ HAPPYHORSE_API_KEY: key, HAPPYHORSE_PROVIDER: "evolink", HAPPYHORSE_BASE_URL: sandbox.urls.evolink })
      const run = (base: string) => runCli(["batch", file, "--state", state, "--out", join(dir, "v"), "--callback-base", base, "--time-scale", "200"], env)

      // Spelled like loopback, aimed at the cloud metadata address over plain http.
      const spoof = await run("http://127.0.0.1@169.254.169.254/hooks")
      expect(spoof.code).toBe(2)
      expect(spoof.stderr).toContain("--callback-base")
      expect(spoof.stderr).toContain("169.254.169.254")
      expect(spoof.stderr).toMatch(/https/)
      expect(spoof.stderr).toMatch(/public host/)

      // A local receiver without the explicit test setting.
      const local = await run("http://127.0.0.1:9/hooks")
      expect(local.code).toBe(2)
      expect(local.stderr).toContain("--callback-base")

      expect(sandbox.ledger.submits(key)).toHaveLength(0)
      expect(jsonLines((await runCli(["tasks", "--state", state, "--json"], env)).stdout)).toHaveLength(0)
    } finally {
      await sandbox.close()
    }
  })
})
