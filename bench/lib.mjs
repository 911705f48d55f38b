// Shared bench helpers: percentiles, the machine line, and the BENCHMARKS.md append.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
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

const cell = (text) => String(text).replaceAll("|", "\\|").replaceAll("\n", " ")

/**
 * The BENCHMARKS.md table row of `name` with its latest figure, date and command; the target cell is kept
 * (written by hand). A benchmark without a row gets one at the table's end.
 */
export const glanceRow = (markdown, name, latest, date, command) => {
  const lines = markdown.split("\n")
  const at = lines.findIndex((line) => line.startsWith(`| ${name} |`))
  const target = at >= 0 ? (lines[at].split(" | ")[1] ?? "") : "(target: write it here)"
  const row = `| ${name} | ${target} | ${cell(latest)} | ${date} | \`${command}\` |`
  if (at >= 0) lines[at] = row
  else {
    const header = lines.findIndex((line) => line.startsWith("| benchmark |"))
    if (header < 0) return markdown
    let end = header + 2
    while (lines[end]?.startsWith("|")) end++
    lines.splice(end, 0, row)
  }
  return lines.join("\n")
}

/**
 * Print the figures, keep them as JSON under bench/out, add a dated line to BENCHMARKS.md's history and
 * rewrite the benchmark's row in its table with `latest` (a short summary; default: the verdict).
 */
export const report = (name, command, figures, verdict, latest = verdict) => {
  const date = new Date().toISOString().slice(0, 10)
  const text = Object.entries(figures).map(([k, v]) => `${k}=${typeof v === "number" ? Number(v.toFixed(3)) : v}`).join(", ")
  console.log(`${name}: ${text}`)
  console.log(`verdict: ${verdict}`)
  console.log(`reproduce: ${command}`)
  const out = join(root, "bench", "out")
  mkdirSync(out, { recursive: true })
  writeFileSync(join(out, `${name}.json`), `${JSON.stringify({ date, machine: machine(), figures, verdict }, null, 2)}\n`)
  if (process.env.DRY === "1") return
  const file = join(root, "BENCHMARKS.md")
  const before = existsSync(file)
    ? readFileSync(file, "utf8")
    : "# Benchmarks\n\n## At a glance\n\n| benchmark | target | latest | date | reproduce |\n| --- | --- | --- | --- | --- |\n\n## History\n\n"
  const after = glanceRow(before, name, latest, date, command)
  writeFileSync(file, `${after}${after.endsWith("\n") ? "" : "\n"}- ${date} **${name}** (${machine()}): ${text}. ${verdict}\n`)
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
