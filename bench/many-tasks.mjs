// Bench 4: many tasks tracked at once in one process (the core's watch), with the sandbox in a child process.
// Target: 10,000 tasks in at most 256 MB RSS and well under one core. Run: node bench/many-tasks.mjs  (TASKS=10000)
import { spawn } from "node:child_process"
import { join } from "node:path"
import { core, report, root, sleep } from "./lib.mjs"

const TASKS = Number(process.env.TASKS ?? 10_000)
const WINDOW_S = Number(process.env.WINDOW ?? 30)
const port = 19400 + Math.floor(Math.random() * 500)
// Real time (scale 1) and long tasks: the window sees every task in flight, polled at the real floor.
const sandbox = spawn(process.execPath, [join(root, "packages/sandbox/dist/bin.js"), "--port", String(port), "--fixed-seconds", "900", "--test-mode"], { stdio: ["ignore", "pipe", "inherit"] })
await new Promise((resolve) => sandbox.stdout.once("data", resolve))
await sleep(300)
const { createClient } = await core()
const client = createClient({ provider: "ttapi", apiKey: "many", baseUrl: `http://127.0.0.1:${port}/ttapi` })
const ids = []
for (let i = 0; i < TASKS; i += 100) {
  const chunk = await Promise.all(Array.from({ length: Math.min(100, TASKS - i) }, (_, j) => client.submit({ kind: "text-to-video", prompt: "many tasks", seed: i + j + 1 })))
  ids.push(...chunk.map((r) => r.taskId))
}
const controller = new AbortController()
for (const id of ids) client.watch(id, { signal: controller.signal, timeoutMs: 3_600_000 }).catch(() => undefined)
const rss0 = process.memoryUsage().rss
let peak = rss0
const cpu0 = process.cpuUsage()
const t0 = performance.now()
while (performance.now() - t0 < WINDOW_S * 1000) {
  await sleep(250)
  peak = Math.max(peak, process.memoryUsage().rss)
}
const cpu = process.cpuUsage(cpu0)
const cores = (cpu.user + cpu.system) / 1000 / (performance.now() - t0)
controller.abort()
await client.dispose().catch(() => undefined)
sandbox.kill()
const peakMB = peak / 1048576
report(
  "many-tasks",
  `pnpm build && TASKS=${TASKS} WINDOW=${WINDOW_S} node bench/many-tasks.mjs`,
  { tasks: ids.length, windowS: WINDOW_S, peakRssMB: peakMB, cpuCores: cores },
  `${peakMB <= 256 ? "meets" : "misses"} 256 MB; CPU ${cores < 0.5 ? "well under" : cores < 1 ? "under" : "over"} one core`,
)
process.exit(0)
