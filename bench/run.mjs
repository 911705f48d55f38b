// Runs the CLI benchmarks one after another (or those named): node bench/run.mjs [cold-start polling makespan download many-tasks]
import { spawnSync } from "node:child_process"
import { join } from "node:path"
import { root } from "./lib.mjs"

const all = ["cold-start", "polling", "makespan", "download", "many-tasks"]
const chosen = process.argv.length > 2 ? process.argv.slice(2) : all
let failed = 0
for (const name of chosen) {
  if (!all.includes(name)) {
    console.error(`unknown benchmark ${name}; choose from ${all.join(", ")}`)
    process.exit(2)
  }
  console.log(`\n== ${name}`)
  const result = spawnSync(process.execPath, [join(root, "bench", `${name}.mjs`)], { stdio: "inherit", env: name === "many-tasks" && process.env.TASKS === undefined ? { ...process.env, TASKS: "2000" } : process.env })
  if (result.status !== 0) failed++
}
process.exit(failed === 0 ? 0 : 1)
