// Queue throughput: TASKS jobs across WORKERS worker processes against a time-compressed sandbox
// with a submit limit of RATE per sandbox second. Reports throughput against the limit and Redis
// memory per 10,000 jobs. Needs Redis on 127.0.0.1:6379 (tooling/ci/setup-queue.sh) and `pnpm build`.
//   TASKS=100000 WORKERS=4 RATE=100 TIME_SCALE=1 node bench/queue-throughput.mjs
import { spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import { createRequire } from "node:module"
import { join } from "node:path"
import { report, root, sandboxModule, sleep } from "./lib.mjs"

// ioredis and effect as the queue package resolves them.
const requireFromQueue = createRequire(join(root, "packages/queue/package.json"))
const { Redis } = requireFromQueue("ioredis")
const Effect = requireFromQueue("effect/Effect")

const TASKS = Number(process.env.TASKS ?? 100_000)
const WORKERS = Number(process.env.WORKERS ?? 4)
const RATE = Number(process.env.RATE ?? 100)
const TIME_SCALE = Number(process.env.TIME_SCALE ?? 1)
const REDIS_URL = process.env.HAPPYHORSE_REDIS_URL ?? "redis://127.0.0.1:6379"
const KEY = "sk-queue-bench"
const bin = join(root, "packages/queue/bin/happyhorse-queue.mjs")
const queueLib = await import(join(root, "packages/queue/dist/index.js"))

const { startSandbox } = await sandboxModule()
// Generations of 30 sandbox seconds: each task finishes before its first planned poll (45 s), so the
// run measures the queue and the submit limit rather than the poll plan.
const sandbox = await startSandbox({ timeScale: TIME_SCALE, seed: 99, limits: { submitsPerSecond: RATE }, durations: { fixedMs: 30_000 } })
const config = { redisUrl: REDIS_URL, queueName: "bench", prefix: `hhbench-${randomBytes(3).toString("hex")}` }
const redis = new Redis(REDIS_URL)
const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redis.info("memory"))?.[1] ?? 0)

const memoryBefore = await usedMemory()
const enqueueStart = Date.now()
const CHUNK = 10_000
for (let start = 0; start < TASKS; start += CHUNK) {
  const items = []
  for (let i = start; i < Math.min(TASKS, start + CHUNK); i++) items.push({ id: `t${i}`, request: { kind: "text-to-video", prompt: `catalogue item ${i}` } })
  await queueLib.enqueue(config, items)
}
const enqueueMs = Date.now() - enqueueStart
const memoryQueued = await usedMemory()

const args = ["worker", "--redis-url", REDIS_URL, "--queue", config.queueName, "--prefix", config.prefix, "--provider", "evolink",
  "--base-url", sandbox.urls.evolink, "--time-scale", String(TIME_SCALE), "--rate", String(RATE), "--concurrency", "200",
  "--global-concurrency", String(process.env.GLOBAL_CONCURRENCY ?? 32), "--quiet"]
const workers = Array.from({ length: WORKERS }, () =>
  spawn(process.execPath, [bin, ...args], { env: { ...process.env, HAPPYHORSE_API_KEY: KEY }, stdio: ["ignore", "ignore", "inherit"] }),
)
const runStart = Date.now()
let status
for (;;) {
  await sleep(2000)
  status = await Effect.runPromise(queueLib.queueStatus(config))
  const finished = status.jobs.completed + status.jobs.failed
  process.stderr.write(`\r${finished}/${TASKS} finished, ${sandbox.ledger.submits(KEY).length} submitted, ${Math.round((Date.now() - runStart) / 1000)} s   `)
  if (finished >= TASKS) break
}
const runMs = Date.now() - runStart
process.stderr.write("\n")
const memoryDone = await usedMemory()
for (const worker of workers) worker.kill("SIGTERM")

const submits = sandbox.ledger.submits(KEY).map((s) => s.sandboxMs).sort((a, b) => a - b)
// Steady state: the middle 80 % of submits, away from start-up and the tail.
const lo = submits[Math.floor(submits.length * 0.1)]
const hi = submits[Math.floor(submits.length * 0.9)]
const steadyRate = (Math.floor(submits.length * 0.9) - Math.floor(submits.length * 0.1)) / ((hi - lo) / 1000)
const overallRate = submits.length / ((submits[submits.length - 1] - submits[0]) / 1000)
let maxWindow = 0
for (let end = 0, start = 0; end < submits.length; end++) {
  while (submits[end] - submits[start] >= 1000) start++
  maxWindow = Math.max(maxWindow, end - start + 1)
}
const perFingerprint = Object.values(sandbox.ledger.submitsPerFingerprint(KEY))

await Effect.runPromise(queueLib.obliterate(config))
await redis.quit()
await sandbox.close()

const share = steadyRate / RATE
// DRY=1 prints the figures without adding a line to BENCHMARKS.md.
const publish = process.env.DRY === "1" ? (name, command, figures, verdict) => console.log(name, figures, verdict) : report
publish(
  "queue-throughput",
  `TASKS=${TASKS} WORKERS=${WORKERS} RATE=${RATE} TIME_SCALE=${TIME_SCALE} node bench/queue-throughput.mjs`,
  {
    tasks: TASKS,
    workers: WORKERS,
    completed: status.jobs.completed,
    failed: status.jobs.failed,
    rateLimitPerSandboxSecond: RATE,
    timeScale: TIME_SCALE,
    steadySubmitsPerSandboxSecond: steadyRate,
    overallSubmitsPerSandboxSecond: overallRate,
    shareOfLimit: share,
    maxSubmitsInAnySandboxSecond: maxWindow,
    gateway429s: sandbox.ledger.rateLimited(KEY),
    bodiesSubmittedTwice: perFingerprint.filter((n) => n > 1).length,
    wallSeconds: runMs / 1000,
    enqueueSeconds: enqueueMs / 1000,
    redisMiBPer10kQueued: ((memoryQueued - memoryBefore) / TASKS) * 10_000 / 2 ** 20,
    redisMiBPer10kCompleted: ((memoryDone - memoryBefore) / TASKS) * 10_000 / 2 ** 20,
  },
  share >= 0.9 ? "meets the 90 % of the rate limit target" : "below the 90 % of the rate limit target",
)
process.exit(0)
