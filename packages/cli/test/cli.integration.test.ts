import { describe, expect, it } from "@effect/vitest"
import { existsSync, mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { cleanEnv, isMp4, jsonLines, runCli } from "./support/cli.js"

describe("happyhorse (built command)", () => {
  it("makes a real MP4 on the built-in sandbox when no key is set, and says so", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hh-gen-"))
    const result = await runCli(["generate", "a horse on a beach at dawn", "--out", dir, "--json"], cleanEnv())
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/built-in sandbox/)
    const lines = jsonLines(result.stdout)
    expect(lines[0]).toMatchObject({ event: "sandbox" })
    const last = lines.at(-1) ?? {}
    expect(last).toMatchObject({ status: "succeeded", sandbox: true })
    expect(typeof last["taskId"]).toBe("string")
    expect(last["cost"]).toMatchObject({ charged: false })
    const file = String(last["file"])
    expect(existsSync(file)).toBe(true)
    expect(isMp4(readFileSync(file))).toBe(true)
  })

  it("prints one sentence and exits 2 for a bad request, before any network", async () => {
    const result = await runCli(["generate", "x", "--duration", "99"], cleanEnv())
    expect(result.code).toBe(2)
    const lines = result.stderr.trim().split("\n").filter((l) => l.startsWith("Error"))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/duration/)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it("needs a key for status and says where to put it", async () => {
    const result = await runCli(["status", "task-1"], cleanEnv())
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/HAPPYHORSE_API_KEY/)
  })

  it("estimates without a key and spends nothing", async () => {
    const result = await runCli(["estimate", "a horse", "--provider", "evolink", "--resolution", "1080P", "--duration", "10", "--json"], cleanEnv())
    expect(result.code).toBe(0)
    const [line] = jsonLines(result.stdout)
    expect(line).toMatchObject({ gateway: "evolink", tasks: 1 })
    expect(Number(line?.["usd"])).toBeGreaterThan(0)
  })

  it("prints the capability table for every gateway", async () => {
    const result = await runCli(["providers", "--json"], cleanEnv())
    expect(jsonLines(result.stdout).map((l) => l["gateway"])).toEqual(["ttapi", "tokenbay", "evolink", "acedata", "dashscope"])
  })
})
