import { startSandbox, type Sandbox } from "@happyhorse/sandbox"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { execFile } from "node:child_process"
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { promisify } from "node:util"
import { n8nInstance, prepareHost } from "../../../packages/n8n-nodes-happyhorse/test/e2e/n8nHost.js"
import { freePort, type Registry, repoRoot, startRegistry } from "./registry.js"

const execFileAsync = promisify(execFile)
/** execFile, whose failure says what the command printed (tsc and n8n report on stdout). */
const run = (command: string, args: ReadonlyArray<string>, options: Parameters<typeof execFileAsync>[2] & { encoding?: "utf8" } = {}) =>
  execFileAsync(command, args, { ...options, encoding: "utf8" }).catch((error: Error & { stdout?: string; stderr?: string }) => {
    throw new Error(`${error.message}\n${String(error.stdout ?? "").slice(-4000)}\n${String(error.stderr ?? "").slice(-4000)}`)
  })
const SCALE = 200

/** The environment of a user's shell: none of pnpm's npm_* settings, none of the caller's HAPPYHORSE_*. */
const userEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(npm_|NPM_|pnpm_|PNPM_|HAPPYHORSE_)/.test(name)) env[name] = value
  }
  return { ...env, ...extra }
}

interface Manifest {
  readonly name: string
  readonly version: string
  readonly private?: boolean
  readonly dependencies?: Record<string, string>
  readonly peerDependencies?: Record<string, string>
}
const readManifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest

let work: string
let registry: Registry
let sandbox: Sandbox
let scratch: string
/** Every public workspace package after `changeset version`: its folder in the scratch copy and manifest. */
let released: Array<{ readonly dir: string; readonly manifest: Manifest }>
let env: NodeJS.ProcessEnv

const versionOf = (name: string): string => {
  const found = released.find((p) => p.manifest.name === name)
  if (found === undefined) throw new Error(`${name} was not released`)
  return found.manifest.version
}

const npm = (cwd: string, ...args: ReadonlyArray<string>) =>
  run("npm", [...args], { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })

/** An empty folder with a package.json, as `npm init` leaves it, then `npm install` of the given specs. */
const project = async (name: string, manifest: Record<string, unknown>, specs: ReadonlyArray<string>) => {
  const dir = join(work, name)
  mkdirSync(dir)
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, version: "1.0.0", private: true, ...manifest }, null, 2))
  await npm(dir, "install", "--no-audit", "--no-fund", "--loglevel=error", ...specs)
  return dir
}

const node = (cwd: string, file: string) => run(process.execPath, [file], { cwd, env, encoding: "utf8" }).then((r) => r.stdout)

const generateScript = (style: "esm" | "cjs") => {
  const body = `const client = createClient({ provider: "tokenbay", apiKey: "user-key", baseUrl: ${JSON.stringify(sandbox.urls.tokenbay)}, timeScale: ${SCALE} })
  const result = await client.generate({ kind: "text-to-video", prompt: "a horse from the registry", duration: 3 }, { outDir: "videos" })
  await client.dispose()
  console.log(JSON.stringify({ status: result.status, file: result.file?.path }))`
  return style === "esm"
    ? `import { createClient } from "@happyhorse/core/node"\n${body.replaceAll("\n  ", "\n")}\n`
    : `const { createClient } = require("@happyhorse/core/node")\nvoid (async () => {\n  ${body}\n})()\n`
}

/** The last JSON line a generate script printed, and the MP4 it names. */
const expectVideo = (dir: string, stdout: string) => {
  const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { status?: string; file?: string }
  expect(result.status).toBe("succeeded")
  expect(readFileSync(join(dir, String(result.file))).subarray(4, 8).toString("latin1")).toBe("ftyp")
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "hh-release-"))
  registry = await startRegistry(join(work, "registry"))
  sandbox = await startSandbox({ timeScale: SCALE, seed: 3, testMode: true, durations: { fixedMs: 20_000 } })
  env = userEnv({ npm_config_registry: registry.url, npm_config_update_notifier: "false", CI: "1" })

  // A scratch copy of the repository as committed, with each package's build: the release changes
  // versions and changelogs there, never in the repository itself.
  scratch = join(work, "repo")
  const tracked = (await run("git", ["ls-files", "-z"], { cwd: repoRoot, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })).stdout.split("\0")
  for (const file of tracked) {
    if (file === "" || !existsSync(join(repoRoot, file))) continue
    mkdirSync(dirname(join(scratch, file)), { recursive: true })
    cpSync(join(repoRoot, file), join(scratch, file))
  }
  const workspaceDirs = ["packages", "apps", "tooling"].flatMap((group) =>
    readdirSync(join(scratch, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(scratch, group, entry.name, "package.json")))
      .map((entry) => join(group, entry.name)),
  )
  const publicDirs = workspaceDirs.filter((dir) => readManifest(join(scratch, dir)).private !== true)
  for (const dir of publicDirs) cpSync(join(repoRoot, dir, "dist"), join(scratch, dir, "dist"), { recursive: true })
  // One changeset naming every public package, so each has a new version to publish.
  writeFileSync(
    join(scratch, ".changeset", "release-test.md"),
    `---\n${publicDirs.map((dir) => `"${readManifest(join(scratch, dir)).name}": patch`).join("\n")}\n---\n\nThe release test's own change.\n`,
  )
  // A maintainer's clone is installed: pnpm reads each workspace dependency's version from its link.
  await run("pnpm", ["install", "--frozen-lockfile", "--prefer-offline", "--ignore-scripts", "--reporter=silent"], {
    cwd: scratch,
    env: userEnv({}),
    maxBuffer: 64 * 1024 * 1024,
  })
  // The publishing maintainer's login, as `npm login` leaves it.
  const host = new URL(registry.url).host
  writeFileSync(join(scratch, ".npmrc"), `registry=${registry.url}\n//${host}/:_authToken=${registry.token}\n`)
  const git = (...args: ReadonlyArray<string>) => run("git", ["-c", "user.name=Release Test", "-c", "user.email=release@test.invalid", ...args], { cwd: scratch })
  await git("init", "-q")
  await git("add", "-A")
  await git("commit", "-qm", "release test")

  // What the maintainer runs (the packages are built already).
  await run(process.execPath, [join(repoRoot, "tooling", "scripts", "release.mjs"), "--no-build"], { cwd: scratch, env, maxBuffer: 64 * 1024 * 1024 })
  released = publicDirs.map((dir) => ({ dir: join(scratch, dir), manifest: readManifest(join(scratch, dir)) }))
})

afterAll(async () => {
  await sandbox?.close()
  await registry?.stop()
  if (work !== undefined) rmSync(work, { recursive: true, force: true })
})

describe("a release through a registry", () => {
  it("publishes every public package at its new version, with workspace ranges made real and changelogs written", async () => {
    const names = released.map((p) => p.manifest.name)
    expect(names).toEqual(
      expect.arrayContaining(["@happyhorse/core", "@happyhorse/sandbox", "@happyhorse/cli", "@happyhorse/queue", "@happyhorse/mcp", "n8n-nodes-happyhorse"]),
    )
    for (const { dir, manifest } of released) {
      const { stdout } = await npm(work, "view", `${manifest.name}@${manifest.version}`, "--json")
      const published = JSON.parse(stdout) as Manifest
      expect(published.version).toBe(manifest.version)
      const ranges = Object.values({ ...published.dependencies, ...published.peerDependencies })
      expect(ranges.filter((range) => range.startsWith("workspace:"))).toEqual([])
      expect(readFileSync(join(dir, "CHANGELOG.md"), "utf8")).toContain(`## ${manifest.version}`)
    }
    const cli = JSON.parse((await npm(work, "view", `@happyhorse/cli@${versionOf("@happyhorse/cli")}`, "dependencies", "--json")).stdout) as Record<string, string>
    expect(cli["@happyhorse/core"]).toBe(versionOf("@happyhorse/core"))
    // The repository itself is untouched.
    expect(readManifest(join(repoRoot, "packages", "core")).version).not.toBe(versionOf("@happyhorse/core"))
  })

  it("installs @happyhorse/core into an ES module project, which generates a video", async () => {
    const dir = await project("esm-app", { type: "module" }, [`@happyhorse/core@${versionOf("@happyhorse/core")}`])
    writeFileSync(join(dir, "main.js"), generateScript("esm"))
    expectVideo(dir, await node(dir, "main.js"))
  })

  it("installs @happyhorse/core into a CommonJS project, which generates a video", async () => {
    const dir = await project("cjs-app", { type: "commonjs" }, [`@happyhorse/core@${versionOf("@happyhorse/core")}`])
    writeFileSync(join(dir, "main.js"), generateScript("cjs"))
    expectVideo(dir, await node(dir, "main.js"))
  })

  it("type-checks under moduleResolution node16 and bundler, and each build generates a video", async () => {
    const dir = await project("ts-app", { type: "module" }, [`@happyhorse/core@${versionOf("@happyhorse/core")}`, "typescript@5.9.3", "@types/node@20.19.43"])
    writeFileSync(join(dir, "main.ts"), generateScript("esm"))
    const strict = { strict: true, target: "ES2022", skipLibCheck: false, types: ["node"] }
    const configs = {
      node16: { ...strict, module: "node16", moduleResolution: "node16", outDir: "out-node16" },
      bundler: { ...strict, module: "esnext", moduleResolution: "bundler", outDir: "out-bundler" },
    }
    for (const [name, compilerOptions] of Object.entries(configs)) {
      writeFileSync(join(dir, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions, files: ["main.ts"] }))
      await run(process.execPath, [join(dir, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", `tsconfig.${name}.json`], { cwd: dir, env })
      await run(process.execPath, [join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", `tsconfig.${name}.json`], { cwd: dir, env })
      expectVideo(dir, await node(dir, join(compilerOptions.outDir, "main.js")))
    }
  })

  it("installs the CLI globally; with no key `happyhorse generate` makes an MP4, and --version is the published one", async () => {
    const prefix = join(work, "global")
    await npm(work, "install", "--global", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel=error", `@happyhorse/cli@${versionOf("@happyhorse/cli")}`)
    const bin = join(prefix, "bin", "happyhorse")
    const home = join(work, "cli-home")
    mkdirSync(home)
    const cliEnv = { ...env, HOME: home, XDG_CONFIG_HOME: join(home, ".config"), XDG_STATE_HOME: join(home, ".state") }
    const version = await run(bin, ["--version"], { cwd: home, env: cliEnv, encoding: "utf8" })
    expect(version.stdout.trim()).toBe(versionOf("@happyhorse/cli"))
    const { stdout } = await run(bin, ["generate", "A white horse on a beach", "--json", "--out", "videos"], { cwd: home, env: cliEnv, encoding: "utf8" })
    const last = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { status?: string; file?: string; sandbox?: boolean }
    expect(last).toMatchObject({ status: "succeeded", sandbox: true })
    expect(readFileSync(join(home, String(last.file))).subarray(4, 8).toString("latin1")).toBe("ftyp")
  })

  it("n8n installs n8n-nodes-happyhorse from the registry into its nodes folder and runs a workflow with it", async () => {
    await prepareHost()
    const userFolder = join(work, "n8n")
    const files = join(userFolder, "files")
    mkdirSync(files, { recursive: true })
    // What Settings > Community Nodes does: pack the version from the registry, unpack it into
    // ~/.n8n/nodes/node_modules/<name>, drop its dev and peer dependencies, and install the rest there.
    const nodesDir = join(userFolder, ".n8n", "nodes")
    const name = "n8n-nodes-happyhorse"
    const version = versionOf(name)
    const packageDir = join(nodesDir, "node_modules", name)
    mkdirSync(packageDir, { recursive: true })
    writeFileSync(join(nodesDir, "package.json"), JSON.stringify({ name: "installed-nodes", private: true, dependencies: { [name]: version } }, null, 2))
    const tarball = (await npm(nodesDir, "pack", `${name}@${version}`, `--registry=${registry.url}`, "--quiet")).stdout.trim()
    await run("tar", ["-xzf", tarball, "-C", packageDir, "--strip-components=1"], { cwd: nodesDir })
    rmSync(join(nodesDir, tarball))
    const { devDependencies: _dev, peerDependencies: _peer, optionalDependencies: _optional, ...kept } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as Record<string, unknown>
    writeFileSync(join(packageDir, "package.json"), JSON.stringify(kept, null, 2))
    await npm(packageDir, "install", "--audit=false", "--fund=false", "--bin-links=false", "--install-strategy=shallow", "--ignore-scripts=true", "--package-lock=false", `--registry=${registry.url}`)

    const noCustom = join(work, "no-custom-nodes")
    mkdirSync(noCustom)
    const n8n = await n8nInstance(userFolder, undefined, {
      N8N_CUSTOM_EXTENSIONS: noCustom,
      HAPPYHORSE_TIME_SCALE: String(SCALE),
      N8N_RESTRICT_FILE_ACCESS_TO: files,
      // Its task broker listens even with runners off; a free port, not the fixed default another n8n may hold.
      N8N_RUNNERS_BROKER_PORT: String(await freePort()),
    })
    await n8n.importJson("credentials", "creds.json", [
      { id: "hhRegistryCred1", name: "HappyHorse sandbox", type: "happyHorseApi", data: { gateway: "tokenbay", apiKey: "sk-release", baseUrl: sandbox.urls.tokenbay } },
    ])
    await n8n.importJson("workflow", "wf.json", [
      {
        id: "hhRegistryFlow1",
        name: "HappyHorse from the registry",
        active: false,
        settings: { executionOrder: "v1" },
        connections: { Start: { main: [[{ node: "HappyHorse", type: "main", index: 0 }]] } },
        nodes: [
          { id: "00000000-0000-4000-8000-000000000011", name: "Start", type: "n8n-nodes-base.manualTrigger", typeVersion: 1, position: [0, 0], parameters: {} },
          {
            id: "00000000-0000-4000-8000-000000000012",
            name: "HappyHorse",
            // An installed package's node type is <package name>.<node name>.
            type: `${name}.happyHorse`,
            typeVersion: 1,
            position: [220, 0],
            parameters: { resource: "video", operation: "textToVideo", prompt: "A horse installed from the registry", duration: 4, ratio: "16:9" },
            credentials: { happyHorseApi: { id: "hhRegistryCred1", name: "HappyHorse sandbox" } },
          },
        ],
      },
    ])
    const { stdout } = await n8n.cli("execute", "--id=hhRegistryFlow1", "--rawOutput").catch((error: Error & { stdout?: string; stderr?: string }) => {
      throw new Error(`${error.message}\n${String(error.stdout ?? "").slice(-4000)}\n${String(error.stderr ?? "").slice(-4000)}`)
    })
    const start = stdout.startsWith("{") ? 0 : stdout.indexOf("\n{") + 1
    const runJson = JSON.parse(stdout.slice(start, stdout.indexOf("\n}", start) + 2)) as {
      status: string
      data: { resultData: { runData: Record<string, ReadonlyArray<{ data?: { main: ReadonlyArray<ReadonlyArray<{ json: Record<string, unknown>; binary?: Record<string, { mimeType: string }> }>> } }>> } }
    }
    expect(runJson.status).toBe("success")
    const item = runJson.data.resultData.runData["HappyHorse"]?.[0]?.data?.main[0]?.[0]
    expect(item?.json).toMatchObject({ gateway: "tokenbay", status: "succeeded" })
    expect(item?.binary?.["data"]?.mimeType).toBe("video/mp4")
  })
})
