import { spawn, type ChildProcess } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

/** The built command, as users run it (`pnpm build` runs before the tests). */
export const BIN = fileURLToPath(new URL("../../bin/happyhorse.mjs", import.meta.url))

export interface CliResult {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/** A clean environment: no HAPPYHORSE_* from the caller, a private home. */
export const cleanEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("HAPPYHORSE_")) env[k] = v
  const home = mkdtempSync(join(tmpdir(), "hh-home-"))
  return { ...env, HOME: home, XDG_CONFIG_HOME: join(home, ".config"), XDG_STATE_HOME: join(home, ".state"), NO_COLOR: "1", ...extra }
}

export const spawnCli = (args: ReadonlyArray<string>, env: NodeJS.ProcessEnv, cwd?: string): { readonly child: ChildProcess; readonly done: Promise<CliResult> } => {
  const child = spawn(process.execPath, [BIN, ...args], { env, cwd, stdio: ["ignore", "pipe", "pipe"] })
  let stdout = ""
  let stderr = ""
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()))
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()))
  const done = new Promise<CliResult>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })))
  return { child, done }
}

export const runCli = (args: ReadonlyArray<string>, env: NodeJS.ProcessEnv, cwd?: string): Promise<CliResult> => spawnCli(args, env, cwd).done

/** JSON lines of a --json run. */
export const jsonLines = (text: string): Array<Record<string, unknown>> =>
  text
    .split("\n")
    .filter((l) => l.trim().startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>)

/** bytes 4..8 of an MP4 are "ftyp". */
export const isMp4 = (bytes: Buffer): boolean => bytes.length > 8 && bytes.subarray(4, 8).toString("latin1") === "ftyp"
