import { describe, expect, it } from "vitest"
import { dirname, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { installPacked } from "../../../../tooling/testing/packed.mjs"

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..")

describe("the packed n8n-nodes-happyhorse, installed beside n8n-workflow", () => {
  it("loads every node and credential its package.json declares, as n8n does", async () => {
    // n8n provides n8n-workflow to community nodes, so the package's peer is left to the host.
    const user = await installPacked([packageDir], ["--legacy-peer-deps"])
    const out = await user.script(
      "load.cjs",
      `const { execSync } = require("node:child_process")
// Only its JavaScript is needed here; its optional native sandbox does not build under npm on this machine.
execSync("npm install --ignore-scripts --no-audit --no-fund --loglevel=error n8n-workflow@2.8.0", { stdio: "ignore" })
const path = require("node:path")
const root = path.dirname(require.resolve("n8n-nodes-happyhorse/package.json"))
const pkg = require("n8n-nodes-happyhorse/package.json")
const load = (file) => { const mod = require(path.join(root, file)); const Cls = Object.values(mod)[0]; return new Cls() }
console.log(JSON.stringify({
  nodes: pkg.n8n.nodes.map((f) => load(f).description.name),
  credentials: pkg.n8n.credentials.map((f) => load(f).name),
  dependencies: Object.keys(pkg.dependencies ?? {}),
}))`,
    )
    const loaded = JSON.parse(out.trim().split("\n").at(-1)!) as { nodes: Array<string>; credentials: Array<string>; dependencies: Array<string> }
    expect(loaded.nodes.sort()).toEqual(["happyHorse", "happyHorseTrigger"])
    expect(loaded.credentials).toEqual(["happyHorseApi"])
    expect(loaded.dependencies).toEqual([])
  }, 600_000)
})
