import { describe, expect, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import { existsSync, mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { PROVIDER_ID, registerMcpServer, serverLaunch, type StdioServer } from "../src/mcp/mcpServerProvider.js"

const extensionPath = fileURLToPath(new URL("..", import.meta.url))

class FakeStdioServer implements StdioServer {
  constructor(
    readonly label: string,
    readonly command: string,
    readonly args: Array<string> = [],
    public env: Record<string, string | number | null> = {},
    readonly version?: string,
  ) {}
}

const fakeContext = () => {
  const subscriptions: Array<{ dispose(): unknown }> = []
  return { context: { extensionPath, subscriptions }, subscriptions }
}

const settings = { provider: "evolink", baseUrl: "", outputFolder: "/tmp/videos" }

describe("the MCP server definition provider", () => {
  it("registers nothing on an editor without the MCP API", () => {
    const { context, subscriptions } = fakeContext()
    expect(registerMcpServer(context, { settings: () => settings, apiKey: async () => undefined, version: "0.1.0" }, {})).toBe(false)
    expect(subscriptions).toHaveLength(0)
  })

  it("offers the bundled server with the settings, and adds the key only when it starts", async () => {
    const registered: Array<{ id: string; provider: { provideMcpServerDefinitions(): Array<StdioServer>; resolveMcpServerDefinition(s: StdioServer): Promise<StdioServer> } }> = []
    const api = {
      McpStdioServerDefinition: FakeStdioServer,
      lm: { registerMcpServerDefinitionProvider: (id: string, provider: (typeof registered)[number]["provider"]) => (registered.push({ id, provider }), { dispose: () => undefined }) },
    }
    const { context, subscriptions } = fakeContext()
    const asked: Array<string> = []
    const ok = registerMcpServer(context, { settings: () => settings, apiKey: async (p) => (asked.push(p), "secret-key-1234"), version: "0.1.0" }, api)
    expect(ok).toBe(true)
    expect(subscriptions).toHaveLength(1)
    expect(registered[0]?.id).toBe(PROVIDER_ID)
    const [server] = registered[0]!.provider.provideMcpServerDefinitions()
    expect(server?.args).toEqual([join(extensionPath, "dist", "mcp.cjs")])
    expect(server?.env).toMatchObject({ HAPPYHORSE_PROVIDER: "evolink", HAPPYHORSE_MCP_DIR: "/tmp/videos", ELECTRON_RUN_AS_NODE: "1" })
    // The key is not in the definition VS Code lists, only in the one it starts.
    expect(JSON.stringify(server)).not.toContain("secret-key-1234")
    const started = await registered[0]!.provider.resolveMcpServerDefinition(server!)
    expect(started.env["HAPPYHORSE_API_KEY"]).toBe("secret-key-1234")
    expect(asked).toEqual(["evolink"])
  })

  it.skipIf(!existsSync(join(extensionPath, "dist", "mcp.cjs")))("the bundled server answers an MCP initialize as VS Code starts it", async () => {
    const launch = serverLaunch(extensionPath, process.execPath, { provider: "ttapi", baseUrl: "", outputFolder: mkdtempSync(join(tmpdir(), "hh-vsc-mcp-")) })
    const env: Record<string, string> = {}
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("HAPPYHORSE_") && v !== undefined) env[k] = v
    const child = spawn(launch.command, launch.args, { env: { ...env, ...launch.env }, stdio: ["pipe", "pipe", "ignore"] })
    try {
      const reply = new Promise<string>((resolve) => {
        let out = ""
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString()
          if (out.includes("\n")) resolve(out.split("\n")[0]!)
        })
      })
      child.stdin.write(
        `${JSON.stringify({ jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "vscode-test", version: "1" } } })}\n`,
      )
      const answer = JSON.parse(await reply) as { id: number; result: { serverInfo: { name: string }; capabilities: { tools?: unknown } } }
      expect(answer.id).toBe(0)
      expect(answer.result.serverInfo.name).toBe("happyhorse")
      expect(answer.result.capabilities.tools).toBeDefined()
    } finally {
      child.kill("SIGTERM")
    }
  })
})
