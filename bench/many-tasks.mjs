// Bench 4: many tasks tracked at once in one process (the Promise facade's watch), against the sandbox in
// a child process. Target: 10,000 tasks in at most 256 MB RSS and well under one core.
// Run: node bench/many-tasks.mjs  (TASKS=10000 WINDOW=60)
//
// Each measured process submits its tasks, then watches all of them for the window. It runs twice in one
// go: with Node's default heap sizing, and with the old generation capped (--max-old-space-size), because
// on a large machine V8 lets garbage grow long before it collects, so RSS there says more about V8's
// sizing than about what the tasks hold. The live set is measured too, after a forced collection, and the
// bytes allocated per status read: what every collection in the window freed plus the heap's growth,
// divided by the reads the sandbox answered in that window.
import { execFileSync, spawn } from "node:child_process"
import v8 from "node:v8"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { core, report, root, sleep } from "./lib.mjs"

const TASKS = Number(process.env.TASKS ?? 10_000)
// Long enough for every task's first read and its next planned one (45 s later).
const WINDOW_S = Number(process.env.WINDOW ?? 60)
const HEAP_CAP_MB = Number(process.env.HEAP_CAP_MB ?? 192)

const readsSoFar = async (origin) => {
  const ledger = await (await fetch(`${origin}/__admin/ledger?key=many`)).json()
  return Object.values(ledger.keys.many?.pollTimes ?? {}).reduce((sum, times) => sum + times.length, 0)
}

const measure = async (origin) => {
  const { createClient } = await core()
  const client = createClient({ provider: "ttapi", apiKey: "many", baseUrl: `${origin}/ttapi` })
  globalThis.gc()
  const heapEmpty = process.memoryUsage().heapUsed
  const ids = []
  for (let i = 0; i < TASKS; i += 100) {
    const chunk = await Promise.all(
      Array.from({ length: Math.min(100, TASKS - i) }, (_, j) => client.submit({ kind: "text-to-video", prompt: "many tasks", seed: i + j + 1 })),
    )
    ids.push(...chunk.map((r) => r.taskId))
  }
  const controller = new AbortController()
  for (const id of ids) client.watch(id, { signal: controller.signal, timeoutMs: 3_600_000 }).catch(() => undefined)
  let peak = process.memoryUsage().rss
  let peakHeap = 0
  const reads0 = await readsSoFar(origin)
  const gcs = new v8.GCProfiler()
  const heap0 = v8.getHeapStatistics().used_heap_size
  gcs.start()
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  while (performance.now() - t0 < WINDOW_S * 1000) {
    await sleep(250)
    const memory = process.memoryUsage()
    peak = Math.max(peak, memory.rss)
    peakHeap = Math.max(peakHeap, memory.heapUsed)
  }
  const cpu = process.cpuUsage(cpu0)
  const heap1 = v8.getHeapStatistics().used_heap_size
  const freed = gcs.stop().statistics.reduce((sum, s) => sum + s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize, 0)
  const windowReads = (await readsSoFar(origin)) - reads0
  globalThis.gc()
  const liveKBPerTask = (process.memoryUsage().heapUsed - heapEmpty) / ids.length / 1024
  controller.abort()
  await client.dispose().catch(() => undefined)
  return {
    tasks: ids.length,
    peakRssMB: peak / 1048576,
    peakHeapUsedMB: peakHeap / 1048576,
    liveKBPerTask,
    windowReads,
    allocatedKBPerRead: (freed + heap1 - heap0) / Math.max(1, windowReads) / 1024,
    cpuCores: (cpu.user + cpu.system) / 1000 / (performance.now() - t0),
  }
}

if (process.env.MANY_TASKS_ORIGIN !== undefined) {
  process.stdout.write(JSON.stringify(await measure(process.env.MANY_TASKS_ORIGIN)))
  process.exit(0)
}

// Real time (scale 1) and long tasks: the window sees every task in flight, polled at the real floor.
const sandbox = spawn(process.execPath, [join(root, "packages/sandbox/dist/bin.js"), "--port", "0", "--fixed-seconds", "900", "--test-mode"], { stdio: ["ignore", "pipe", "inherit"] })
const origin = await new Promise((resolve) => sandbox.stdout.once("data", (data) => resolve(/http:\/\/[0-9.:]+/.exec(String(data))[0])))
const run = (nodeFlags) =>
  JSON.parse(
    execFileSync(process.execPath, [...nodeFlags, "--expose-gc", fileURLToPath(import.meta.url)], {
      env: { ...process.env, MANY_TASKS_ORIGIN: origin },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 1 << 20,
    }),
  )
const open = run([])
const capped = run([`--max-old-space-size=${HEAP_CAP_MB}`])
// Reads the sandbox answered, from its ledger: each task's polls are spaced by the plan.
const reads = await readsSoFar(origin)
sandbox.kill()

const meets = (figures) => figures.peakRssMB <= 256
const kb = (v) => Number(v.toFixed(1))
const mb = (v) => Math.round(v)
report(
  "many-tasks",
  `pnpm build && TASKS=${TASKS} WINDOW=${WINDOW_S} node bench/many-tasks.mjs`,
  {
    tasks: open.tasks,
    windowS: WINDOW_S,
    readsBothRuns: reads,
    allocatedKBPerRead: open.allocatedKBPerRead,
    liveKBPerTask: open.liveKBPerTask,
    defaultPeakRssMB: open.peakRssMB,
    defaultPeakHeapUsedMB: open.peakHeapUsedMB,
    defaultCpuCores: open.cpuCores,
    heapCapMB: HEAP_CAP_MB,
    cappedPeakRssMB: capped.peakRssMB,
    cappedAllocatedKBPerRead: capped.allocatedKBPerRead,
    cappedCpuCores: capped.cpuCores,
  },
  `default heap sizing ${meets(open) ? "meets" : "misses"} 256 MB; with --max-old-space-size=${HEAP_CAP_MB} ${meets(capped) ? "meets" : "misses"} it; ${open.allocatedKBPerRead <= 30 ? "meets" : "misses"} 30 KB per read; CPU ${Math.max(open.cpuCores, capped.cpuCores) < 0.5 ? "well under" : "under"} one core`,
  `${mb(open.peakRssMB)} MB peak RSS (default heap; ${mb(capped.peakRssMB)} MB with --max-old-space-size=${HEAP_CAP_MB}), ${kb(open.allocatedKBPerRead)} KB allocated per read, ${kb(open.liveKBPerTask)} KB live per task, ${Number(open.cpuCores.toFixed(2))} core: ${meets(open) && open.allocatedKBPerRead <= 30 ? "meets" : "misses"}`,
)
process.exit(0)
