import { describe, expect, it } from "@effect/vitest"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { cleanEnv, isMp4, jsonLines, runCli, spawnCli } from "./support/cli.js"

describe("resume after a crash on the built-in sandbox", () => {
  it("says plainly that the sandbox tasks died with their process, and reruns them on a fresh sandbox when asked", { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "hh-sandbox-resume-"))
    const file = join(dir, "demo.jsonl")
    writeFileSync(file, [1, 2, 3].map((i) => JSON.stringify({ id: `d${i}`, prompt: "a horse on the sandbox", seed: i, duration: 3 })).join("\n"))
    const state = join(dir, "state")
    const out = join(dir, "videos")
    // No key: the batch runs on the in-process sandbox, slowed so that it is killed mid-flight.
    const env = cleanEnv()
    const run = spawnCli(["batch", file, "--state", state, "--out", out, "--json", "--time-scale", "2", "--rate", "50"], env)
    // Killed once the sandbox has accepted all three (their ids are journaled before this line prints).
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no task was submitted")), 90_000)
      let seen = ""
      run.child.stdout?.on("data", (chunk: Buffer) => {
        seen += chunk.toString()
        if (jsonLines(seen).filter((l) => l["event"] === "submitted").length === 3) {
          clearTimeout(timer)
          resolve()
        }
      })
    })
    run.child.kill("SIGKILL")
    await run.done

    const started = Date.now()
    const told = await runCli(["resume", "--state", state, "--out", out], env)
    expect(Date.now() - started).toBeLessThan(30_000)
    expect(told.code).toBe(0)
    expect(told.stderr).toMatch(/3 unfinished task\(s\) in sandbox-demo-\d+ ran on the built-in sandbox/)
    expect(told.stderr).toContain("--rerun-sandbox")

    const rerun = await runCli(["resume", "--rerun-sandbox", "--state", state, "--out", out, "--time-scale", "200"], env)
    expect(rerun.code).toBe(0)
    const rows = jsonLines((await runCli(["tasks", "--state", state, "--json"], env)).stdout)
    expect(rows.map((r) => r["state"])).toEqual(["done", "done", "done"])
    for (const row of rows) expect(isMp4(readFileSync(String(row["file"])))).toBe(true)
  })
})
