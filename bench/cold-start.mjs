// Bench 5: cold start of real `happyhorse` commands. Run: pnpm build && node bench/cold-start.mjs
// Each run is a fresh process. "ready" is its first byte of output, or, for `status`, the moment its
// first request reaches the sandbox. Peak RSS is the process's own high-water mark (getrusage).
// `node -e 0` runs in the same rounds, so the figures can be read as a ratio on a busy machine.
// Targets for the real commands (estimate, providers, status): ready in at most 150 ms median,
// at most 70 MB peak RSS. `generate --help` and `--help` are reported, not targeted.
import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { createServer, request } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { cliBin, median, percentile, report, sandboxModule } from "./lib.mjs"

const RUNS = Number(process.env.RUNS ?? 15)
const TARGET_MS = 150
const TARGET_MB = 70

const scratch = mkdtempSync(join(tmpdir(), "hh-cold-"))
// Every process writes its peak RSS (KB) to a file on exit; the same preload runs for `node -e 0`.
const preload = `data:text/javascript,${encodeURIComponent(
  'import{writeFileSync}from"node:fs";process.on("exit",()=>writeFileSync(process.env.HH_BENCH_RSS,String(process.resourceUsage().maxRSS)))',
)}`
const env = { ...process.env, HOME: scratch, XDG_CONFIG_HOME: join(scratch, "config"), XDG_STATE_HOME: join(scratch, "state"), NO_COLOR: "1" }
for (const name of Object.keys(env)) if (name.startsWith("HAPPYHORSE_")) delete env[name]

const { startSandbox } = await sandboxModule()
const sandbox = await startSandbox({ timeScale: 100, seed: 5, testMode: true })

// A pass-through in front of the sandbox, so the bench sees when a command's first request arrives.
let onRequest = () => {}
const proxy = createServer((req, res) => {
  onRequest()
  const upstream = new URL(sandbox.origin)
  const out = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (reply) => {
    res.writeHead(reply.statusCode ?? 502, reply.headers)
    reply.pipe(res)
  })
  req.pipe(out)
})
await new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve))
const proxyBase = `http://127.0.0.1:${proxy.address().port}/ttapi`

/** One cold process: ms to ready, ms to exit, peak RSS in MB, and what it printed. */
const once = (args, readyOn) =>
  new Promise((resolve, reject) => {
    const rssFile = join(scratch, `rss-${Math.random().toString(36).slice(2)}`)
    const start = process.hrtime.bigint()
    const since = () => Number(process.hrtime.bigint() - start) / 1e6
    let ready
    let stdout = ""
    const mark = () => {
      ready ??= since()
    }
    if (readyOn === "request") onRequest = mark
    const child = spawn(process.execPath, [`--import=${preload}`, ...args], { env: { ...env, HH_BENCH_RSS: rssFile }, stdio: ["ignore", "pipe", "pipe"] })
    child.stdout.on("data", (chunk) => {
      stdout += chunk
      if (readyOn === "output") mark()
    })
    child.stderr.on("data", () => {
      if (readyOn === "output") mark()
    })
    child.on("error", reject)
    child.on("close", (code) => {
      onRequest = () => {}
      const exitMs = since()
      const rssMb = Number(readFileSync(rssFile, "utf8")) / 1024
      rmSync(rssFile, { force: true })
      if (code !== 0) return reject(new Error(`${args.join(" ")} exited with ${code}: ${stdout.slice(0, 500)}`))
      resolve({ readyMs: ready ?? exitMs, exitMs, rssMb, stdout })
    })
  })

// A task for `status` to read, submitted once through the CLI itself.
const submitted = await once([cliBin, "generate", "A horse in the rain", "--no-wait", "--json", "--provider", "ttapi", "--base-url", proxyBase, "--state", join(scratch, "state")], "output")
const taskId = JSON.parse(submitted.stdout.trim().split("\n").at(-1)).taskId
if (typeof taskId !== "string") throw new Error(`no task id in ${submitted.stdout}`)

const cases = [
  { name: "node -e 0", args: ["-e", "0"], readyOn: "exit" },
  { name: "estimate", args: [cliBin, "estimate", "A white horse galloping on a beach", "--duration", "5"], readyOn: "output", target: true },
  { name: "providers", args: [cliBin, "providers"], readyOn: "output", target: true },
  { name: "status", args: [cliBin, "status", taskId, "--provider", "ttapi", "--base-url", proxyBase], readyOn: "request", target: true },
  { name: "generate --help", args: [cliBin, "generate", "--help"], readyOn: "output" },
  { name: "--help", args: [cliBin, "--help"], readyOn: "output" },
]
const samples = new Map(cases.map((c) => [c.name, []]))
// One warm-up round (file cache), then the measured rounds, interleaved so load spikes hit every case alike.
for (const c of cases) await once(c.args, c.readyOn)
for (let round = 0; round < RUNS; round++) {
  for (const c of cases) samples.get(c.name).push(await once(c.args, c.readyOn))
}
proxy.close()
await sandbox.close()
rmSync(scratch, { recursive: true, force: true })

const baseline = median(samples.get("node -e 0").map((s) => s.readyMs))
const figures = { runs: RUNS, nodeMs: baseline, nodeRssMB: Math.max(...samples.get("node -e 0").map((s) => s.rssMb)) }
const misses = []
for (const c of cases.slice(1)) {
  const all = samples.get(c.name)
  const p50 = median(all.map((s) => s.readyMs))
  const peak = Math.max(...all.map((s) => s.rssMb))
  const words = c.name.split(/[^a-z]+/).filter((w) => w !== "")
  const key = words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join("")
  figures[`${key}Ms`] = p50
  figures[`${key}P95Ms`] = percentile(all.map((s) => s.readyMs), 95)
  figures[`${key}Ratio`] = p50 / baseline
  figures[`${key}RssMB`] = peak
  if (c.target && p50 > TARGET_MS) misses.push(`${c.name} ${Math.round(p50)} ms`)
  if (c.target && peak > TARGET_MB) misses.push(`${c.name} ${Math.round(peak)} MB`)
}
report(
  "cold-start",
  "pnpm build && node bench/cold-start.mjs",
  figures,
  misses.length === 0
    ? `meets ${TARGET_MS} ms median and ${TARGET_MB} MB peak RSS for estimate, providers and status`
    : `misses ${TARGET_MS} ms / ${TARGET_MB} MB: ${misses.join(", ")} (node -e 0 took ${Math.round(baseline)} ms in the same rounds)`,
)
