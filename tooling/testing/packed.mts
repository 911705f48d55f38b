import { execFile } from "node:child_process"
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"

const run = promisify(execFile)

/**
 * A package as a user receives it: packed with pnpm (workspace ranges rewritten as on publish),
 * installed with npm into an empty folder together with any sibling tarballs it needs (plus any
 * npm flags the host would use).
 * Returns the folder and a way to run a script there. Asynchronous throughout, because tests often
 * serve a sandbox from their own event loop.
 */
export const installPacked = async (packageDirs: ReadonlyArray<string>, npmArgs: ReadonlyArray<string> = []) => {
  const packs = mkdtempSync(join(tmpdir(), "hh-pack-"))
  for (const dir of packageDirs) await run("pnpm", ["pack", "--pack-destination", packs], { cwd: dir })
  const tarballs = readdirSync(packs).filter((f) => f.endsWith(".tgz")).map((f) => join(packs, f))
  const app = mkdtempSync(join(tmpdir(), "hh-app-"))
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "user-app", private: true }))
  await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...npmArgs, ...tarballs], { cwd: app })
  const script = async (file: string, source: string, env: Record<string, string> = {}) => {
    writeFileSync(join(app, file), source)
    const { stdout } = await run(process.execPath, [file], { cwd: app, encoding: "utf8", env: { ...process.env, ...env } })
    return stdout
  }
  return { app, script }
}
