// Bench 5: cold start of `happyhorse --help` (target: at most 300 ms). Run: node bench/cold-start.mjs
import { execFileSync } from "node:child_process"
import { cliBin, median, percentile, report } from "./lib.mjs"

const runs = Number(process.env.RUNS ?? 20)
const times = []
for (let i = 0; i < runs; i++) {
  const start = process.hrtime.bigint()
  execFileSync(process.execPath, [cliBin, "--help"], { stdio: "ignore" })
  times.push(Number(process.hrtime.bigint() - start) / 1e6)
}
const sub = []
for (let i = 0; i < 5; i++) {
  const start = process.hrtime.bigint()
  execFileSync(process.execPath, [cliBin, "generate", "--help"], { stdio: "ignore" })
  sub.push(Number(process.hrtime.bigint() - start) / 1e6)
}
const p50 = median(times)
report(
  "cold-start",
  "pnpm build && node bench/cold-start.mjs",
  { runs, p50Ms: p50, p95Ms: percentile(times, 95), subcommandHelpP50Ms: median(sub) },
  p50 <= 300 ? "meets the 300 ms target" : "misses the 300 ms target",
)
