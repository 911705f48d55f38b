import { type ChildProcess, execFile, spawn } from "node:child_process"
import { mkdirSync, writeFileSync } from "node:fs"
import { homedir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { createServer, type AddressInfo } from "node:net"

const run = promisify(execFile)
export const repoRoot = join(import.meta.dirname, "..", "..", "..")

/** Where tooling/ci/setup-verdaccio.sh puts Verdaccio: its own cached folder, outside the workspace. */
const verdaccioBin = (): string => {
  const version = process.env["HAPPYHORSE_VERDACCIO_VERSION"] ?? "6.8.0"
  const cache = process.env["HAPPYHORSE_E2E_CACHE"] ?? join(process.env["XDG_CACHE_HOME"] ?? join(homedir(), ".cache"), "happyhorse-e2e")
  const home = process.env["HAPPYHORSE_VERDACCIO_HOME"] ?? join(cache, "verdaccio", version)
  return join(home, "node_modules", ".bin", "verdaccio")
}

/** A free loopback port. */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })

export interface Registry {
  /** The registry's URL, with a trailing slash, as npm wants it. */
  readonly url: string
  /** A publish token for a user made on this registry. */
  readonly token: string
  readonly stop: () => Promise<void>
}

/**
 * A Verdaccio on 127.0.0.1 with an empty storage in `dir`. The project's packages live only here (never
 * proxied, so a same-named package elsewhere cannot shadow them); every other package comes through from
 * npm's configured registry, as it would for a user.
 */
export const startRegistry = async (dir: string): Promise<Registry> => {
  await run("bash", [join(repoRoot, "tooling", "ci", "setup-verdaccio.sh")], { maxBuffer: 64 * 1024 * 1024 })
  const upstream = (await run("npm", ["config", "get", "registry"], { encoding: "utf8" })).stdout.trim()
  mkdirSync(join(dir, "storage"), { recursive: true })
  const config = join(dir, "config.yaml")
  const local = { access: "$all", publish: "$authenticated", unpublish: "$authenticated" }
  writeFileSync(
    config,
    JSON.stringify({
      storage: join(dir, "storage"),
      auth: { htpasswd: { file: join(dir, "htpasswd"), max_users: 10 } },
      uplinks: { upstream: { url: upstream, timeout: "120s", max_fails: 5 } },
      packages: {
        "@happyhorse/*": local,
        "n8n-nodes-happyhorse": local,
        "**": { access: "$all", proxy: "upstream" },
      },
      web: { enable: false },
      log: { type: "stdout", format: "pretty", level: "warn" },
    }),
  )
  const port = await freePort()
  const url = `http://127.0.0.1:${port}/`
  const child: ChildProcess = spawn(verdaccioBin(), ["--config", config, "--listen", `127.0.0.1:${port}`], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  })
  let log = ""
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()))
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()))
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve()
      child.once("exit", () => resolve())
      process.kill(-child.pid, "SIGKILL")
    })
  // Ready when it answers its ping.
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`Verdaccio exited: ${log.slice(-2000)}`)
    const ok = await fetch(`${url}-/ping`).then((r) => r.ok, () => false)
    if (ok) break
    if (attempt > 600) {
      await stop()
      throw new Error(`Verdaccio did not answer on ${url}: ${log.slice(-2000)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  // A user, as `npm adduser` makes one; its token publishes.
  const reply = await fetch(`${url}-/user/org.couchdb.user:release`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "release", password: "release-test-password", type: "user", roles: [] }),
  })
  const body: unknown = await reply.json()
  const token = typeof body === "object" && body !== null && "token" in body && typeof body.token === "string" ? body.token : undefined
  if (token === undefined) {
    await stop()
    throw new Error(`Verdaccio made no user: ${reply.status} ${JSON.stringify(body)}`)
  }
  return { url, token, stop }
}
