import { type ChildProcess, execFile, spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { type AddressInfo, createServer } from "node:net"
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { homedir, tmpdir } from "node:os"
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

/**
 * Installs n8n when the cache is cold (minutes), a no-op when warm; builds the node and packs it as it
 * would be published. Returns the tarball.
 */
export const prepareHost = async (): Promise<string> => {
  await run("bash", [join(repoRoot, "tooling", "ci", "setup-n8n.sh")], { maxBuffer: 64 * 1024 * 1024 })
  const packs = await mkdtemp(join(tmpdir(), "hh-n8n-pack-"))
  const built = join(packs, "dist")
  await run(process.execPath, [join(packageRoot, "scripts", "build.mjs"), built], { cwd: packageRoot })
  // Pack a copy, so a concurrent test reading the package's own dist/ is never disturbed.
  const staged = join(packs, "package")
  await mkdir(staged)
  await cp(built, join(staged, "dist"), { recursive: true })
  for (const file of ["package.json", "README.md"]) await cp(join(packageRoot, file), join(staged, file))
  const { stdout } = await run("npm", ["pack", "--quiet", "--pack-destination", packs], { cwd: staged })
  return join(packs, stdout.trim().split("\n").at(-1) ?? "")
}

/** n8n's own arguments for a community package install (n8n 2.8's CommunityPackagesService). */
const NPM_INSTALL_ARGS = ["--audit=false", "--fund=false", "--bin-links=false", "--install-strategy=shallow", "--ignore-scripts=true", "--package-lock=false"]

/**
 * Installs a packed tarball the way Settings › Community Nodes does: `npm pack` into the nodes folder,
 * unpack to node_modules/<name>, drop dev, peer and optional dependencies, `npm install` there, and
 * record it in the folder's package.json. n8n loads every package in that node_modules at start.
 */
export const installCommunityPackage = async (userFolder: string, tarball: string): Promise<void> => {
  const nodesDir = join(userFolder, ".n8n", "nodes")
  await mkdir(nodesDir, { recursive: true })
  const manifest = join(nodesDir, "package.json")
  if (!existsSync(manifest)) await writeFile(manifest, JSON.stringify({ name: "installed-nodes", private: true, dependencies: {} }, null, 2))
  const { stdout } = await run("npm", ["pack", tarball, "--quiet"], { cwd: nodesDir })
  const fetched = join(nodesDir, stdout.trim().split("\n").at(-1) ?? "")
  const packageDir = join(nodesDir, "node_modules", "n8n-nodes-happyhorse")
  await mkdir(packageDir, { recursive: true })
  await run("tar", ["-xzf", fetched, "-C", packageDir, "--strip-components=1"])
  await rm(fetched)
  const pkg = JSON.parse(await readFile(join(packageDir, "package.json"), "utf8")) as Record<string, unknown> & { version: string }
  const { devDependencies: _dev, peerDependencies: _peer, optionalDependencies: _optional, ...kept } = pkg
  await writeFile(join(packageDir, "package.json"), JSON.stringify(kept, null, 2))
  await run("npm", ["install", ...NPM_INSTALL_ARGS, "--loglevel=error"], { cwd: packageDir })
  const installed = JSON.parse(await readFile(manifest, "utf8")) as { dependencies: Record<string, string> }
  installed.dependencies["n8n-nodes-happyhorse"] = pkg.version
  await writeFile(manifest, JSON.stringify(installed, null, 2))
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

/** A headless n8n with its own user folder, with this package installed as a community package. */
/** `tarball` undefined: the caller has installed the node into the nodes folder itself (from a registry). */
export const n8nInstance = async (
  userFolder: string,
  tarball: string | undefined,
  extraEnv: Readonly<Record<string, string>>,
): Promise<N8nInstance> => {
  await mkdir(userFolder, { recursive: true })
  if (tarball !== undefined) await installCommunityPackage(userFolder, tarball)
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

/** A free loopback port, for n8n's server. */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
