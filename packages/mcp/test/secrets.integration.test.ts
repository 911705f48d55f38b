import { describe, expect, it } from "@effect/vitest"
import { startSandbox } from "@happyhorse/sandbox"
import type { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js"
import { Client as McpClient } from "@modelcontextprotocol/sdk/client/index.js"
import { CallToolResultSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js"
import { cleanEnv, connectStdio, startHttp } from "./support/server.js"

const CANARY = "hh-canary-mcp-4c1d9e7b-DO-NOT-PRINT"
const REFUSED = "hh-canary-mcp-refused-6a2f80"
const TOKEN = "canary-test-token-81c4f2d0b9"
const SCALE = "40"

/** Every tool, with good and bad input; returns everything the client saw. */
const exercise = async (client: Client): Promise<Array<string>> => {
  const seen: Array<string> = []
  const call = async (name: string, args: Record<string, unknown>) => {
    const result = (await client.callTool({ name, arguments: args }, CallToolResultSchema, {
      onprogress: (p) => void seen.push(JSON.stringify(p)),
      timeout: 120_000,
    })) as CallToolResult
    seen.push(JSON.stringify(result))
    return result
  }
  seen.push(JSON.stringify(await client.listTools()))
  await call("list_gateways", {})
  await call("estimate_cost", { prompt: "A horse", duration: 8 })
  const made = await call("generate_video", { prompt: "A horse on a beach", waitSeconds: 120 })
  const taskId = String((made.structuredContent as Record<string, unknown> | undefined)?.["taskId"] ?? "none")
  await call("get_task", { taskId })
  await call("get_task", {})
  await call("download_video", { taskId, fileName: "again" })
  await call("get_task", { taskId: "no-such-task-0000" })
  await call("generate_video", { prompt: "x", duration: 0, apiKey: "anything" })
  await call("download_video", { taskId, folder: "/etc" })
  return seen
}

describe("the API key never reaches a tool result or a log line", () => {
  it("over stdio and HTTP, on several gateways, with an accepted and a refused key", async () => {
    const sandbox = await startSandbox({ timeScale: Number(SCALE), seed: 5, testMode: true, invalidKeys: [REFUSED] })
    const seen: Array<string> = []
    try {
      for (const gateway of ["ttapi", "dashscope"] as const) {
        const env = cleanEnv({ HAPPYHORSE_API_KEY: CANARY, HAPPYHORSE_PROVIDER: gateway, HAPPYHORSE_BASE_URL: sandbox.urls[gateway], HAPPYHORSE_TIME_SCALE: SCALE })
        const stdio = await connectStdio(env)
        seen.push(...(await exercise(stdio.client)))
        await stdio.client.close()
        seen.push(stdio.stderr())
      }

      const env = cleanEnv({
        HAPPYHORSE_API_KEY: CANARY,
        HAPPYHORSE_PROVIDER: "evolink",
        HAPPYHORSE_BASE_URL: sandbox.urls.evolink,
        HAPPYHORSE_TIME_SCALE: SCALE,
        HAPPYHORSE_MCP_TOKEN: TOKEN,
      })
      const server = startHttp(env)
      try {
        const client = new McpClient({ name: "canary", version: "1.0.0" })
        await client.connect(new StreamableHTTPClientTransport(new URL(await server.url), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }))
        seen.push(...(await exercise(client)))
        await client.close()
      } finally {
        server.child.kill("SIGTERM")
        await server.exited
        seen.push(server.stderr(), server.stdout())
      }

      const refused = await connectStdio(
        cleanEnv({ HAPPYHORSE_API_KEY: REFUSED, HAPPYHORSE_PROVIDER: "acedata", HAPPYHORSE_BASE_URL: sandbox.urls.acedata, HAPPYHORSE_TIME_SCALE: SCALE }),
      )
      const denied = (await refused.client.callTool({ name: "generate_video", arguments: { prompt: "A horse" } })) as CallToolResult
      expect(denied.isError).toBe(true)
      seen.push(JSON.stringify(denied))
      await refused.client.close()
      seen.push(refused.stderr())
    } finally {
      await sandbox.close()
    }
    const all = seen.join("\n")
    // Real work happened: videos were made and errors were explained.
    expect(all).toContain("succeeded")
    expect(all).toContain("isError")
    expect(all.length).toBeGreaterThan(5000)
    expect(all).not.toContain(CANARY)
    expect(all).not.toContain(REFUSED)
    expect(all).not.toContain(TOKEN)
  })
})
