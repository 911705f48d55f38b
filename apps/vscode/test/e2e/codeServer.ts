// Starts code-server (a real VS Code) for the end-to-end test and stops its whole process tree.
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { createServer } from "node:net"
import { homedir } from "node:os"
import { join } from "node:path"

const CACHE = process.env.HAPPYHORSE_E2E_CACHE ?? join(homedir(), ".cache", "happyhorse-e2e")
export const NODE24 = join(CACHE, "node-24.21.0", "bin", "node")
export const CODE_SERVER_ENTRY = join(CACHE, "code-server-4.139.1", "lib", "node_modules", "code-server", "out", "node", "entry.js")

/** Whether tooling/ci/setup-vscode.sh has run on this machine. */
export const codeServerInstalled = (): boolean => existsSync(NODE24) && existsSync(CODE_SERVER_ENTRY)

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })

export const installExtension = (vsix: string, extensionsDir: string, userDataDir: string): void => {
  execFileSync(NODE24, [CODE_SERVER_ENTRY, "--extensions-dir", extensionsDir, "--user-data-dir", userDataDir, "--install-extension", vsix], {
    stdio: "pipe",
    timeout: 120_000,
  })
}

export interface RunningCodeServer {
  readonly url: string
  readonly output: () => string
  readonly stop: () => Promise<void>
}

/** Kill a detached child's process group: watcher and agent children outlive the main process. */
const killTree = async (child: ChildProcess): Promise<void> => {
  if (child.pid === undefined || child.exitCode !== null) return
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  try {
    process.kill(-child.pid, "SIGTERM")
  } catch {
    return
  }
  const timer = setTimeout(() => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL")
    } catch {
      // already gone
    }
  }, 5_000)
  await exited
  clearTimeout(timer)
  // Stragglers in the group (a file watcher) get the same end.
  try {
    process.kill(-child.pid, "SIGKILL")
  } catch {
    // none left
  }
}

export const startCodeServer = async (options: {
  readonly port: number
  readonly extensionsDir: string
  readonly userDataDir: string
  readonly env: Readonly<Record<string, string>>
}): Promise<RunningCodeServer> => {
  const child = spawn(
    NODE24,
    [
      CODE_SERVER_ENTRY,
      "--auth",
      "none",
      "--bind-addr",
      `127.0.0.1:${options.port}`,
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--extensions-dir",
      options.extensionsDir,
      "--user-data-dir",
      options.userDataDir,
    ],
    { detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...options.env } },
  )
  let log = ""
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log += chunk.toString()
      if (log.includes("HTTP server listening on")) resolve()
    }
    child.stdout?.on("data", onData)
    child.stderr?.on("data", onData)
    child.once("exit", (code) => reject(new Error(`code-server exited (${code}) before listening:\n${log}`)))
  })
  const stop = () => killTree(child)
  try {
    await ready
  } catch (error) {
    await stop()
    throw error
  }
  return { url: `http://127.0.0.1:${options.port}`, output: () => log, stop }
}
