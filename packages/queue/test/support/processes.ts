import { type ChildProcess, spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"
import type { QueueConfig } from "../../src/config/QueueConfig.js"

export const BIN = fileURLToPath(new URL("../../bin/happyhorse-queue.mjs", import.meta.url))
const DIST = fileURLToPath(new URL("../../dist/bin.js", import.meta.url))

export const assertBuilt = (): void => {
  if (!existsSync(DIST)) throw new Error("packages/queue/dist is missing: run `pnpm build` (turbo builds it before the tests)")
}

const locationArgs = (config: QueueConfig) => [
  "--redis-url",
  config.redisUrl,
  "--queue",
  config.queueName ?? "happyhorse",
  "--prefix",
  config.prefix ?? "bull",
]

export interface WorkerProcessOptions {
  readonly provider: string
  readonly baseUrl: string
  readonly apiKey: string
  readonly timeScale: number
  readonly rate: number
  readonly lockMs: number
  readonly globalConcurrency?: number
  readonly jitterMs?: number
}

/** A worker as a separate process, the way it runs on another machine. */
export const spawnWorker = (config: QueueConfig, options: WorkerProcessOptions): ChildProcess => {
  const child = spawn(
    process.execPath,
    [
      BIN,
      "worker",
      ...locationArgs(config),
      "--provider",
      options.provider,
      "--base-url",
      options.baseUrl,
      "--time-scale",
      String(options.timeScale),
      "--rate",
      String(options.rate),
      "--lock-ms",
      String(options.lockMs),
      "--global-concurrency",
      String(options.globalConcurrency ?? 8),
      "--jitter-ms",
      String(options.jitterMs ?? 20),
      "--quiet",
    ],
    { env: { ...process.env, HAPPYHORSE_API_KEY: options.apiKey }, stdio: ["ignore", "pipe", "pipe"] },
  )
  child.stdout?.resume()
  child.stderr?.resume()
  return child
}

/** `happyhorse-queue add <file>` to completion. */
export const runAdd = (config: QueueConfig, file: string): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "add", ...locationArgs(config), file], { stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    child.on("error", reject)
    child.on("close", (code) => resolve({ code, stdout, stderr }))
  })

export const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", () => resolve()))
