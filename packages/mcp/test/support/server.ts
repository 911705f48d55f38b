import { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js"
import { spawn } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

/** The built server, as assistants run it (`pnpm build` runs before the tests). */
export const BIN = fileURLToPath(new URL("../../bin/happyhorse-mcp.mjs", import.meta.url))

/** A clean environment: no HAPPYHORSE_* from the caller, a private home and video folder. */
export const cleanEnv = (extra: Record<string, string> = {}): Record<string, string> => {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("HAPPYHORSE_") && v !== undefined) env[k] = v
  const home = mkdtempSync(join(tmpdir(), "hh-mcp-home-"))
  return { ...env, HOME: home, XDG_CONFIG_HOME: join(home, ".config"), HAPPYHORSE_MCP_DIR: join(home, "videos"), ...extra }
}

/** The `happyhorse` command of @happyhorse/cli, built alongside. */
export const CLI_BIN = fileURLToPath(new URL("../../../cli/bin/happyhorse.mjs", import.meta.url))

/** The official MCP client over stdio, with everything the server writes to stderr kept. */
export const connectStdio = async (env: Record<string, string>, args: ReadonlyArray<string> = [BIN]) => {
  const transport = new StdioClientTransport({ command: process.execPath, args: [...args], env, stderr: "pipe" })
  let stderr = ""
  transport.stderr?.on("data", (d: Buffer) => (stderr += d.toString()))
  const client = new Client({ name: "happyhorse-test", version: "1.0.0" })
  const errors: Array<Error> = []
  client.onerror = (error) => void errors.push(error)
  await client.connect(transport)
  return { client, transport, stderr: () => stderr, errors }
}

/** The HTTP server in a child process; resolves with its URL once it logs that it listens. */
export const startHttp = (env: Record<string, string>, args: ReadonlyArray<string> = ["--http", "--port", "0"]) => {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] })
  let stderr = ""
  let stdout = ""
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)))
  const url = new Promise<string>((resolve, reject) => {
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString()
      const match = /Streamable HTTP on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr)
      if (match?.[1] !== undefined) resolve(match[1])
    })
    void exited.then((code) => reject(new Error(`the server exited (${code}): ${stderr}`)))
  })
  return { child, url, exited, stderr: () => stderr, stdout: () => stdout }
}
