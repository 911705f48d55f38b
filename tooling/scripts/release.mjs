// The one command a maintainer runs to release: `pnpm release` (see "How a release works" in README.md).
//   1. changeset version: applies the pending changesets: new versions, CHANGELOG.md entries, and
//      workspace dependants bumped to match.
//   2. turbo build: every package, from the new versions.
//   3. changeset publish: each public package whose version the registry does not have yet. pnpm packs
//      it, turning `workspace:` ranges into the versions just written; each release gets a git tag.
// The registry is npm's configured one (npm_config_registry). Run it in the folder to release;
// `--no-build` skips step 2 when the packages are built already (the release test does this).
import { spawnSync } from "node:child_process"
import { createRequire } from "node:module"

const require = createRequire(import.meta.url)
const changeset = require.resolve("@changesets/cli/bin.js")
const build = !process.argv.includes("--no-build")

const step = (title, command, args) => {
  console.log(`\n== ${title}`)
  const result = spawnSync(command, args, { stdio: "inherit", cwd: process.cwd() })
  if (result.status !== 0) {
    console.error(`release: ${title} failed (exit ${result.status ?? result.signal}); nothing after it ran.`)
    process.exit(result.status ?? 1)
  }
}

step("changeset version", process.execPath, [changeset, "version"])
if (build) step("build", "pnpm", ["exec", "turbo", "run", "build"])
step("changeset publish", process.execPath, [changeset, "publish"])
