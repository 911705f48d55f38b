import { describe, expect, it } from "@effect/vitest"
import { readFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { installPacked } from "../../../../tooling/testing/packed.mjs"

const packages = resolve(dirname(fileURLToPath(import.meta.url)), "../../..")

// Run inside the user's folder: the official client drives the installed happyhorse-mcp bin.
const script = `
import { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js"
const transport = new StdioClientTransport({ command: "node_modules/.bin/happyhorse-mcp", args: [], env: process.env, stderr: "ignore" })
const client = new Client({ name: "packed", version: "1.0.0" })
await client.connect(transport)
const tools = (await client.listTools()).tools.map((t) => t.name).sort()
const made = await client.callTool({ name: "generate_video", arguments: { prompt: "A white horse on a beach" } }, undefined, { timeout: 300000 })
console.log(JSON.stringify({ tools, result: made.structuredContent }))
await client.close()
`

describe("the packed MCP server, installed in an empty folder", () => {
  it("serves its tools over stdio and makes a sandbox video with no API key", async () => {
    const user = await installPacked(["mcp", "core", "sandbox"].map((name) => join(packages, name)))
    const stdout = await user.script("client.mjs", script, { HAPPYHORSE_API_KEY: "", HAPPYHORSE_PROVIDER: "", HOME: user.app, HAPPYHORSE_MCP_DIR: join(user.app, "videos") })
    const out = JSON.parse(stdout.trim().split("\n").at(-1)!) as { tools: Array<string>; result: { status: string; file: string; sandbox: boolean } }
    expect(out.tools).toEqual(["download_video", "estimate_cost", "generate_video", "get_task", "list_gateways"])
    expect(out.result.status).toBe("succeeded")
    expect(out.result.sandbox).toBe(true)
    expect(readFileSync(out.result.file).subarray(4, 8).toString("latin1")).toBe("ftyp")
  }, 600_000)
})
