import { describe, expect, it } from "@effect/vitest"
import { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js"
import { CallToolResultSchema, type CallToolResult, type Progress } from "@modelcontextprotocol/sdk/types.js"
import { Ajv } from "ajv"
import { spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { BIN, cleanEnv, startHttp } from "./support/server.js"

const TOKEN = "test-token-5b1f0c2e9d7a4e31"
const data = (result: CallToolResult): Record<string, unknown> => (result.structuredContent ?? {}) as Record<string, unknown>
const text = (result: CallToolResult): string => result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n")

const connect = async (url: string, token = TOKEN) => {
  const client = new Client({ name: "happyhorse-http-test", version: "1.0.0" })
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } })
  await client.connect(transport)
  return { client, transport }
}

describe("happyhorse-mcp over Streamable HTTP, driven by the official MCP client", () => {
  it("refuses to start HTTP without a bearer token", async () => {
    const child = spawn(process.execPath, [BIN, "--http", "--port", "0"], { env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] })
    let stderr = ""
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()))
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve))
    expect(code).toBe(2)
    expect(stderr).toContain("HAPPYHORSE_MCP_TOKEN")
  })

  it("answers 401 without the token or with a wrong one, and serves tools, progress, cancel and errors with it", async () => {
    const server = startHttp(cleanEnv({ HAPPYHORSE_MCP_TOKEN: TOKEN, HAPPYHORSE_TIME_SCALE: "40" }))
    try {
      const url = await server.url
      const anonymous = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })
      expect(anonymous.status).toBe(401)
      await expect(connect(url, "wrong-token-0000000000")).rejects.toThrow()

      const { client } = await connect(url)
      const clientErrors: Array<Error> = []
      client.onerror = (error) => void clientErrors.push(error)
      const { tools } = await client.listTools()
      expect(tools).toHaveLength(5)
      const ajv = new Ajv({ strict: true, strictRequired: false })
      for (const tool of tools) expect(() => ajv.compile(tool.inputSchema)).not.toThrow()

      const progress: Array<Progress> = []
      const made = (await client.callTool({ name: "generate_video", arguments: { prompt: "A horse in the snow" } }, CallToolResultSchema, {
        onprogress: (p) => void progress.push(p),
        timeout: 120_000,
      })) as CallToolResult
      expect(made.isError ?? false).toBe(false)
      expect(data(made)["sandbox"]).toBe(true)
      expect(readFileSync(String(data(made)["file"])).subarray(4, 8).toString("latin1")).toBe("ftyp")
      expect(made.content.some((c) => c.type === "resource_link")).toBe(true)
      expect(progress.length).toBeGreaterThanOrEqual(3)

      // A second session gets its own progress, never the first one's.
      const other = await connect(url)
      const seenByOther: Array<Progress> = []
      const controller = new AbortController()
      const cancelled = other.client.callTool({ name: "generate_video", arguments: { prompt: "Cancel me" } }, CallToolResultSchema, {
        signal: controller.signal,
        onprogress: (p) => {
          seenByOther.push(p)
          controller.abort("changed my mind")
        },
      })
      await expect(cancelled).rejects.toThrow()
      const taskId = /task (\S+?)[ .]/.exec(seenByOther[0]?.message ?? "")?.[1]
      expect(taskId).toBeDefined()
      await expect.poll(() => server.stderr(), { timeout: 10_000 }).toContain(`cancelled; task ${taskId} keeps running`)
      const task = (await client.callTool({ name: "get_task", arguments: { taskId } })) as CallToolResult
      expect(task.isError ?? false).toBe(false)

      const bad = (await client.callTool({ name: "generate_video", arguments: { prompt: "", resolution: "4K" } })) as CallToolResult
      expect(bad.isError).toBe(true)
      expect(text(bad)).toContain("resolution")
      expect(text(bad)).toContain("4K")
      // The first session never saw the second one's progress (the SDK reports an unknown token as an error).
      expect(clientErrors.map((e) => e.message).filter((m) => m.includes("progress"))).toEqual([])
      await other.client.close()
      await client.close()
    } finally {
      server.child.kill("SIGTERM")
      await server.exited
    }
  })
})
