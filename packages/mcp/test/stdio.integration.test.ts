import { describe, expect, it } from "@effect/vitest"
import { CallToolResultSchema, type CallToolResult, type Progress } from "@modelcontextprotocol/sdk/types.js"
import { Ajv } from "ajv"
import { readFileSync, statSync } from "node:fs"
import { CLI_BIN, connectStdio, cleanEnv } from "./support/server.js"

const text = (result: CallToolResult): string => result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n")
const data = (result: CallToolResult): Record<string, unknown> => (result.structuredContent ?? {}) as Record<string, unknown>

describe("happyhorse-mcp over stdio, driven by the official MCP client", () => {
  it("lists five tools whose input schemas are valid JSON Schema, with descriptions", async () => {
    const { client } = await connectStdio(cleanEnv())
    try {
      const { tools } = await client.listTools()
      expect(tools.map((t) => t.name).sort()).toEqual(["download_video", "estimate_cost", "generate_video", "get_task", "list_gateways"])
      const ajv = new Ajv({ strict: true, strictRequired: false })
      for (const tool of tools) {
        expect(tool.description?.length ?? 0).toBeGreaterThan(80)
        expect(() => ajv.compile(tool.inputSchema)).not.toThrow()
        expect(tool.inputSchema.type).toBe("object")
      }
      const generate = tools.find((t) => t.name === "generate_video")!
      const validate = ajv.compile(generate.inputSchema)
      expect(validate({ prompt: "A white horse on a beach", duration: 5, ratio: "16:9" })).toBe(true)
      expect(validate({ prompt: "x", apiKey: "sk-123" })).toBe(false)
    } finally {
      await client.close()
    }
  })

  it("generates a sandbox video with progress notifications; the result holds file, URL, cost and a resource link", async () => {
    const { client, stderr } = await connectStdio(cleanEnv())
    try {
      const progress: Array<Progress> = []
      const result = (await client.callTool(
        { name: "generate_video", arguments: { prompt: "A white horse galloping on a beach at dawn", duration: 5 } },
        CallToolResultSchema,
        { onprogress: (p) => void progress.push(p), timeout: 120_000 },
      )) as CallToolResult
      expect(result.isError ?? false).toBe(false)
      const out = data(result)
      expect(out["status"]).toBe("succeeded")
      expect(out["sandbox"]).toBe(true)
      expect(String(out["note"])).toContain("sandbox")
      expect(String(out["videoUrl"])).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//)
      expect((out["cost"] as { usd: number }).usd).toBeGreaterThan(0)
      const file = String(out["file"])
      expect(readFileSync(file).subarray(4, 8).toString("latin1")).toBe("ftyp")
      expect(statSync(file).size).toBe(out["bytes"])
      const link = result.content.find((c) => c.type === "resource_link")
      expect(link).toMatchObject({ type: "resource_link", mimeType: "video/mp4" })
      expect(link?.type === "resource_link" ? link.uri : "").toBe(`file://${file}`)
      // Progress rises, ends near 100 and names the task from the first message on.
      expect(progress.length).toBeGreaterThanOrEqual(3)
      const values = progress.map((p) => p.progress)
      expect([...values].sort((a, b) => a - b)).toEqual(values)
      expect(new Set(values).size).toBe(values.length)
      expect(progress[0]?.message).toContain(String(out["taskId"]))
      expect(stderr()).toContain("sandbox")
    } finally {
      await client.close()
    }
  })

  it("turns bad input into a tool error naming field, value and rule, and keeps serving", async () => {
    const { client } = await connectStdio(cleanEnv())
    try {
      const bad = (await client.callTool({ name: "generate_video", arguments: { prompt: "A horse", duration: 99, ratio: "7:3" } })) as CallToolResult
      expect(bad.isError).toBe(true)
      expect(text(bad)).toContain("duration")
      expect(text(bad)).toContain("99")
      expect(text(bad)).toMatch(/3 to 15|from 3 to 15/)
      const errors = data(bad)["errors"] as Array<{ field: string; value: string; rule: string }>
      expect(errors.map((e) => e.field)).toEqual(expect.arrayContaining(["duration", "ratio"]))
      expect(data(bad)["sandbox"]).toBe(true)

      const key = (await client.callTool({ name: "estimate_cost", arguments: { prompt: "A horse", apiKey: "sk-live-not-echoed" } })) as CallToolResult
      expect(key.isError).toBe(true)
      expect(text(key)).toContain("apiKey")
      expect(text(key)).not.toContain("sk-live-not-echoed")

      const missing = (await client.callTool({ name: "download_video", arguments: {} })) as CallToolResult
      expect(missing.isError).toBe(true)
      expect(text(missing)).toContain("taskId")

      const escape = (await client.callTool({ name: "download_video", arguments: { taskId: "t1", folder: "../../etc" } })) as CallToolResult
      expect(escape.isError).toBe(true)
      expect(text(escape)).toContain("folder")

      const estimate = (await client.callTool({ name: "estimate_cost", arguments: { prompt: "A horse", duration: 10, resolution: "1080P" } })) as CallToolResult
      expect(estimate.isError ?? false).toBe(false)
      expect(data(estimate)["usd"]).toBeGreaterThan(0)
      // The sandbox note survives next to the estimate's own wording.
      expect(String(data(estimate)["note"])).toContain("sandbox")
      expect(String(data(estimate)["counted"])).toContain("10 s")
    } finally {
      await client.close()
    }
  })

  it("cancels a generation: the call stops, the task id was already given, and get_task finds it", async () => {
    const { client, stderr } = await connectStdio(cleanEnv({ HAPPYHORSE_TIME_SCALE: "2" }))
    try {
      const controller = new AbortController()
      const progress: Array<Progress> = []
      const call = client.callTool({ name: "generate_video", arguments: { prompt: "A slow horse" } }, CallToolResultSchema, {
        signal: controller.signal,
        onprogress: (p) => {
          progress.push(p)
          controller.abort("the user changed their mind")
        },
      })
      await expect(call).rejects.toThrow()
      const taskId = /task (\S+?)[ .]/.exec(progress[0]?.message ?? "")?.[1]
      expect(taskId).toBeDefined()
      // The server keeps serving, and the task can be asked about again.
      const task = (await client.callTool({ name: "get_task", arguments: { taskId } })) as CallToolResult
      expect(task.isError ?? false).toBe(false)
      expect(["queued", "running", "succeeded"]).toContain(data(task)["status"])
      const listed = (await client.callTool({ name: "get_task", arguments: {} })) as CallToolResult
      expect(JSON.stringify(data(listed)["tasks"])).toContain(String(taskId))
      await expect.poll(() => stderr(), { timeout: 10_000 }).toContain(`cancelled; task ${taskId} keeps running`)
    } finally {
      await client.close()
    }
  })

  it("is also `happyhorse mcp`, the CLI's subcommand", async () => {
    const { client } = await connectStdio(cleanEnv(), [CLI_BIN, "mcp"])
    try {
      expect(client.getServerVersion()?.name).toBe("happyhorse")
      const listed = (await client.callTool({ name: "list_gateways", arguments: {} })) as CallToolResult
      expect(data(listed)["active"]).toBe("ttapi")
      expect(data(listed)["sandbox"]).toBe(true)
    } finally {
      await client.close()
    }
  })
})
