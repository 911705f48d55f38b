// Bench 1: polling economy on the sandbox's default time model: status requests per task and
// detection delay (p50/p95) of the core's adaptive watch, against fixed 5 s and 15 s polling in the
// same run; on EvoLink (whose status reports progress) and on ttapi (whose status has none); plus
// AceData's NDJSON channel and EvoLink callbacks, which should need no polls at all.
// Target: median <= 8 requests per task, p95 delay <= 5 s; zero polls with callbacks or NDJSON.
// Run: node bench/polling.mjs   (TASKS=40 SCALE=20 by default; a lower scale keeps timer noise small)
import { spawn, spawnSync } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { cliBin, core, median, percentile, report, sandboxModule, sleep } from "./lib.mjs"

const TASKS = Number(process.env.TASKS ?? 40)
const SCALE = Number(process.env.SCALE ?? 20)
const { createClient } = await core()
const { startSandbox } = await sandboxModule()
const sandbox = await startSandbox({ timeScale: SCALE, seed: 42, testMode: true })

const request = (i, strategy) => ({ kind: "text-to-video", prompt: `polling bench ${strategy} ${i}`, seed: i + 1 })

/** Per task: status requests, and gateway seconds from the finish to the poll that saw it. */
const measure = (key) => {
  const finish = new Map(sandbox.ledger.charges(key).map((c) => [c.taskId, c.sandboxMs]))
  const polls = []
  const delays = []
  for (const [taskId, finishedAt] of finish) {
    const times = sandbox.ledger.pollTimes(taskId)
    polls.push(times.length)
    const seen = times.find((t) => t >= finishedAt)
    if (seen !== undefined) delays.push((seen - finishedAt) / 1000)
  }
  return { tasks: finish.size, medianPolls: median(polls), p50DelayS: median(delays), p95DelayS: percentile(delays, 95) }
}

/** submit + watch as the core does it, stopping at the result URL. */
const adaptive = (provider, key) => async () => {
  const client = createClient({ provider, apiKey: key, baseUrl: sandbox.urls[provider], timeScale: SCALE })
  await Promise.all(Array.from({ length: TASKS }, (_, i) => client.generate(request(i, key), { download: false })))
  await client.dispose()
}

const fixed = (provider, seconds) => async () => {
  const client = createClient({ provider, apiKey: `fixed-${seconds}`, baseUrl: sandbox.urls[provider], timeScale: SCALE })
  await Promise.all(Array.from({ length: TASKS }, async (_, i) => {
    const receipt = await client.submit(request(i, `fixed${seconds}`))
    for (;;) {
      await sleep((seconds * 1000) / SCALE)
      const snap = await client.get(receipt.taskId)
      if (["Succeeded", "Failed", "Canceled", "Unknown"].includes(snap.status._tag)) break
    }
  }))
  await client.dispose()
}

await Promise.all([
  adaptive("evolink", "adaptive-progress")(),
  adaptive("ttapi", "adaptive-no-progress")(),
  adaptive("acedata", "ndjson")(),
  fixed("evolink", 5)(),
  fixed("evolink", 15)(),
])
const a = measure("adaptive-progress")
const n = measure("adaptive-no-progress")
const nd = measure("ndjson")
const f5 = measure("fixed-5")
const f15 = measure("fixed-15")
const ndjsonPolls = sandbox.ledger.requests("ndjson").filter((r) => r.kind === "poll").length

// Callbacks: an EvoLink batch through the CLI with its in-process webhook receiver.
const dir = mkdtempSync(join(tmpdir(), "hh-bench-poll-"))
const file = join(dir, "cb.jsonl")
writeFileSync(file, Array.from({ length: Math.min(TASKS, 20) }, (_, i) => JSON.stringify({ prompt: `callback bench ${i}`, seed: i + 1 })).join("\n"))
// Async: the sandbox shares this process's event loop.
const cb = await new Promise((resolve) => {
  const child = spawn(process.execPath, [cliBin, "batch", file, "--state", join(dir, "state"), "--out", join(dir, "v"), "--json", "--concurrency", "20", "--rate", "1", "--time-scale", String(SCALE), "--webhook-port", "0"], {
  env: { ...process.env, HAPPYHORSE_API_KEY: "callbacks", HAPPYHORSE_PROVIDER: "evolink", HAPPYHORSE_BASE_URL: sandbox.urls.evolink },
  })
  let stderr = ""
  child.stderr.on("data", (d) => (stderr += d))
  child.on("close", (status) => resolve({ status, stderr }))
})
if (cb.status !== 0) console.error(`callback batch exited ${cb.status}:`, cb.stderr.slice(-2000), spawnSync(process.execPath, [cliBin, "tasks", "--state", join(dir, "state")], { encoding: "utf8" }).stdout.slice(-3000))
// Each accepted callback is verified by one status read; anything beyond that is a watch poll.
const callbackReads = sandbox.ledger.requests("callbacks").filter((r) => r.kind === "poll").length
const callbackTasks = sandbox.ledger.callbacks("callbacks").filter((c) => c.ok).length
const callbackPolls = Math.max(0, callbackReads - callbackTasks)
await sandbox.close()

const ok = a.medianPolls <= 8 && a.p95DelayS <= 5 && callbackPolls === 0 && ndjsonPolls === 0
report(
  "polling-economy",
  `pnpm build && TASKS=${TASKS} SCALE=${SCALE} node bench/polling.mjs`,
  {
    tasks: TASKS,
    scale: SCALE,
    adaptiveMedianPolls: a.medianPolls,
    adaptiveP50DelayS: a.p50DelayS,
    adaptiveP95DelayS: a.p95DelayS,
    noProgressMedianPolls: n.medianPolls,
    noProgressP95DelayS: n.p95DelayS,
    ndjsonTasks: nd.tasks,
    ndjsonPolls,
    fixed5MedianPolls: f5.medianPolls,
    fixed5P95DelayS: f5.p95DelayS,
    fixed15MedianPolls: f15.medianPolls,
    fixed15P95DelayS: f15.p95DelayS,
    callbackTasks,
    callbackVerificationReads: Math.min(callbackReads, callbackTasks),
    callbackWatchPolls: callbackPolls,
  },
  `${ok ? "meets" : "misses"} the target on EvoLink, whose status reports progress (median <= 8 polls, p95 <= 5 s; 0 watch polls with callbacks or NDJSON; each callback costs one verification read by design). ttapi reports no progress, so its figures show the prior-only plan`,
)
