import { describe, expect, it } from "@effect/vitest"
import { execFile } from "node:child_process"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { promisify } from "node:util"
import { BIN, cleanEnv } from "./support/server.js"

// The MCP Inspector's own command line (--cli mode): a second client nobody here wrote. It runs
// offline once installed; it starts the server itself over stdio.
const inspector = join(dirname(createRequire(import.meta.url).resolve("@modelcontextprotocol/inspector/package.json")), "cli", "build", "cli.js")

const run = async (args: ReadonlyArray<string>) => {
  const { stdout } = await promisify(execFile)(process.execPath, [inspector, "--cli", process.execPath, BIN, ...args], {
    env: cleanEnv(),
    encoding: "utf8",
  })
  // The inspector prints a notice before the JSON answer.
  return JSON.parse(stdout.slice(stdout.indexOf("{"))) as Record<string, unknown>
}

describe("happyhorse-mcp under the MCP Inspector's --cli mode", () => {
  it("lists the tools and calls one", async () => {
    const listed = (await run(["--method", "tools/list"])) as { tools: Array<{ name: string; inputSchema: { type: string } }> }
    expect(listed.tools.map((t) => t.name).sort()).toEqual(["download_video", "estimate_cost", "generate_video", "get_task", "list_gateways"])
    const called = (await run(["--method", "tools/call", "--tool-name", "estimate_cost", "--tool-arg", "prompt=A horse", "--tool-arg", "duration=8"])) as {
      isError: boolean
      structuredContent: { usd: number; billedSeconds: number; sandbox: boolean }
    }
    expect(called.isError).toBe(false)
    // The inspector sends 8 as text; the kit's lenient input reads it as a number.
    expect(called.structuredContent.billedSeconds).toBe(8)
    expect(called.structuredContent.sandbox).toBe(true)
    expect(called.structuredContent.usd).toBeGreaterThan(0)
  })
})
