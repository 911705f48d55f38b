import { type ChildProcess, execFile, spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { mkdir, writeFile } from "node:fs/promises"
import { homedir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"

const run = promisify(execFile)

export const packageRoot = join(import.meta.dirname, "..", "..")
const repoRoot = join(packageRoot, "..", "..")

/** Where tooling/ci/setup-n8n.sh puts n8n: its own cached folder, outside the workspace. */
export const n8nBin = (): string => {
  const version = process.env["HAPPYHORSE_N8N_VERSION"] ?? "2.8.4"
  const cache = process.env["HAPPYHORSE_E2E_CACHE"] ?? join(process.env["XDG_CACHE_HOME"] ?? join(homedir(), ".cache"), "happyhorse-e2e")
  const home = process.env["HAPPYHORSE_N8N_HOME"] ?? join(cache, "n8n", version)
  return join(home, "node_modules", ".bin", "n8n")
}

/** Installs n8n when the cache is cold (minutes), a no-op when warm; builds the node when dist is missing. */
export const prepareHost = async (): Promise<void> => {
  await run("bash", [join(repoRoot, "tooling", "ci", "setup-n8n.sh")], { maxBuffer: 64 * 1024 * 1024 })
  if (!existsSync(join(packageRoot, "dist", "nodes", "HappyHorse", "HappyHorse.node.js"))) {
    await run(process.execPath, [join(packageRoot, "scripts", "build.mjs")], { cwd: packageRoot })
  }
}

/** Ends a started n8n at once (its data is a throwaway folder) and waits until it is gone. */
export const stop = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve()
    child.once("exit", () => resolve())
    process.kill(-child.pid, "SIGKILL")
  })

export interface N8nInstance {
  readonly userFolder: string
  /** `n8n start` on 127.0.0.1:port; resolves once the server listens. */
  readonly start: (port: number) => Promise<ChildProcess>
  readonly cli: (...args: ReadonlyArray<string>) => Promise<{ stdout: string; stderr: string }>
  readonly importJson: (kind: "credentials" | "workflow", name: string, data: unknown) => Promise<void>
}

/** A headless n8n with its own user folder, loading this package's dist as custom extensions. */
export const n8nInstance = async (userFolder: string, extraEnv: Readonly<Record<string, string>>): Promise<N8nInstance> => {
  await mkdir(userFolder, { recursive: true })
  const env: NodeJS.ProcessEnv = {
    PATH: process.env["PATH"],
    HOME: userFolder,
    N8N_USER_FOLDER: userFolder,
    N8N_ENCRYPTION_KEY: "happyhorse-e2e",
    N8N_DIAGNOSTICS_ENABLED: "false",
    N8N_RUNNERS_ENABLED: "false",
    N8N_VERSION_NOTIFICATIONS_ENABLED: "false",
    N8N_PERSONALIZATION_ENABLED: "false",
    N8N_DEFAULT_BINARY_DATA_MODE: "filesystem",
    N8N_CUSTOM_EXTENSIONS: join(packageRoot, "dist"),
    DB_SQLITE_POOL_SIZE: "1",
    ...extraEnv,
  }
  const cli = (...args: ReadonlyArray<string>) =>
    run(n8nBin(), [...args], { env, cwd: userFolder, maxBuffer: 64 * 1024 * 1024, timeout: 240_000 })
  const start = (port: number) =>
    new Promise<ChildProcess>((resolve, reject) => {
      const child = spawn(n8nBin(), ["start"], {
        env: {
          ...env,
          N8N_PORT: String(port),
          N8N_LISTEN_ADDRESS: "127.0.0.1",
          N8N_HOST: "127.0.0.1",
          WEBHOOK_URL: `http://127.0.0.1:${port}/`,
          N8N_SECURE_COOKIE: "false",
        },
        cwd: userFolder,
        stdio: ["ignore", "pipe", "pipe"],
        // Its own process group, so `stop` ends n8n and anything it started.
        detached: true,
      })
      let log = ""
      const onData = (chunk: Buffer) => {
        log += chunk.toString("utf8")
        if (log.includes("Editor is now accessible")) resolve(child)
      }
      child.stdout.on("data", onData)
      child.stderr.on("data", onData)
      child.once("exit", (code) => reject(new Error(`n8n start exited with ${code}: ${log.slice(-2000)}`)))
    })
  return {
    userFolder,
    start,
    cli,
    importJson: async (kind, name, data) => {
      const file = join(userFolder, name)
      await writeFile(file, JSON.stringify(data, null, 2))
      await cli(`import:${kind}`, `--input=${file}`)
    },
  }
}
