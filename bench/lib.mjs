// Shared bench helpers: percentiles, the machine line, and the BENCHMARKS.md append.
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs"
import { cpus, totalmem } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

export const root = join(dirname(fileURLToPath(import.meta.url)), "..")
export const core = () => import(join(root, "packages/core/dist/node/index.js"))
export const sandboxModule = () => import(join(root, "packages/sandbox/dist/index.js"))
export const cliBin = join(root, "packages/cli/bin/happyhorse.mjs")

export const percentile = (values, p) => {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}
export const median = (values) => percentile(values, 50)

export const machine = () => {
  const cpu = cpus()
  return `${cpu.length} x ${cpu[0]?.model?.trim() ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, ${process.platform}`
}

/** Print the figures, keep them as JSON under bench/out, and add a dated line to BENCHMARKS.md. */
export const report = (name, command, figures, verdict) => {
  const date = new Date().toISOString().slice(0, 10)
  const text = Object.entries(figures).map(([k, v]) => `${k}=${typeof v === "number" ? Number(v.toFixed(3)) : v}`).join(", ")
  console.log(`${name}: ${text}`)
  console.log(`verdict: ${verdict}`)
  console.log(`reproduce: ${command}`)
  const out = join(root, "bench", "out")
  mkdirSync(out, { recursive: true })
  writeFileSync(join(out, `${name}.json`), `${JSON.stringify({ date, machine: machine(), figures, verdict }, null, 2)}\n`)
  const file = join(root, "BENCHMARKS.md")
  if (!existsSync(file)) writeFileSync(file, "# Benchmarks\n\nEach line: date, benchmark, machine, figures, verdict against its target. Reproduce with the command in the section.\n\n")
  appendFileSync(file, `- ${date} **${name}** (${machine()}): ${text}. ${verdict}\n`)
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
