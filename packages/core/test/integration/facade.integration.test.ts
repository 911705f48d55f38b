import { startSandbox, type Sandbox } from "@happyhorse/sandbox"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { createClient } from "../../src/node/index.js"

const SCALE = 100
let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox({ timeScale: SCALE, seed: 41, durations: { medianMs: 120_000, sigma: 0.2, minMs: 70_000, maxMs: 200_000 } })
})
afterAll(() => sandbox.close())

/** Node's warnings while `run` runs: a listener leak on a shared AbortSignal shows up here. */
const warningsDuring = async <A>(run: () => Promise<A>): Promise<{ result: A; warnings: Array<string> }> => {
  const warnings: Array<string> = []
  const listener = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`)
  process.on("warning", listener)
  try {
    const result = await run()
    // Warnings are emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve))
    return { result, warnings }
  } finally {
    process.off("warning", listener)
  }
}

describe("the Promise facade's watch, many tasks at once", () => {
  it("follows 200 tasks under one AbortSignal to their results, with no listener warning", async () => {
    const apiKey = "sk-facade-many"
    const client = createClient({ provider: "evolink", apiKey, baseUrl: sandbox.urls.evolink, timeScale: SCALE })
    try {
      const receipts = await Promise.all(
        Array.from({ length: 200 }, (_, i) => client.submit({ kind: "text-to-video", prompt: `herd member ${i}`, duration: 3 })),
      )
      const controller = new AbortController()
      const seen = new Map<string, number>()
      const { result, warnings } = await warningsDuring(() =>
        Promise.all(
          receipts.map((receipt) =>
            client.watch(receipt.taskId, {
              signal: controller.signal,
              onEvent: (event) => void seen.set(event.taskId, (seen.get(event.taskId) ?? 0) + 1),
            }),
          ),
        ),
      )
      expect(warnings).toEqual([])
      expect(result.map((event) => event._tag)).toEqual(receipts.map(() => "Succeeded"))
      expect(result.map((event) => event.taskId)).toEqual(receipts.map((receipt) => receipt.taskId))
      for (const receipt of receipts) expect(seen.get(receipt.taskId)).toBeGreaterThanOrEqual(1)
      // The floor holds for every task: consecutive reads of one task at least 5 sandbox seconds apart.
      const reads = new Map<string, Array<number>>()
      for (const record of sandbox.ledger.requests(apiKey)) {
        if (record.kind !== "poll" || record.taskId === undefined) continue
        reads.set(record.taskId, [...(reads.get(record.taskId) ?? []), record.sandboxMs])
      }
      expect(reads.size).toBe(receipts.length)
      for (const times of reads.values()) {
        for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(4950)
      }
    } finally {
      await client.dispose()
    }
  })

  it("one abort ends every watch under its signal with an AbortError, and their reads stop", async () => {
    const apiKey = "sk-facade-abort"
    // Tasks and watches that cannot end while the test runs, however slow the machine: 20 h of sandbox time is 12 min here.
    const endless = await startSandbox({ timeScale: SCALE, seed: 42, durations: { fixedMs: 20 * 3_600_000 } })
    const client = createClient({ provider: "evolink", apiKey, baseUrl: endless.urls.evolink, timeScale: SCALE, timeoutMs: 20 * 3_600_000 })
    const readsOf = () => endless.ledger.requests(apiKey).filter((record) => record.kind === "poll")
    try {
      const receipts = await Promise.all(
        Array.from({ length: 50 }, (_, i) => client.submit({ kind: "text-to-video", prompt: `runaway ${i}`, duration: 3 })),
      )
      const controller = new AbortController()
      const watches = receipts.map((receipt) =>
        client.watch(receipt.taskId, { signal: controller.signal }).then(
          () => "finished",
          (error: unknown) => (error instanceof Error ? error.name : String(error)),
        ),
      )
      // Abort once every task has been read: the watches are all under way, whatever the machine's pace.
      while (new Set(readsOf().map((record) => record.taskId)).size < receipts.length) {
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      const abortedAt = endless.now()
      controller.abort()
      expect(await Promise.all(watches)).toEqual(receipts.map(() => "AbortError"))
      // A minute of sandbox time, in which each watch would have read again at least once.
      await new Promise((resolve) => setTimeout(resolve, 60_000 / SCALE))
      // A read already on the wire at the abort may still reach the sandbox (one per task at most); none starts after it.
      const late = new Map<string, number>()
      for (const record of readsOf()) {
        if (record.sandboxMs > abortedAt) late.set(record.taskId ?? "", (late.get(record.taskId ?? "") ?? 0) + 1)
      }
      expect([...late.values()].filter((n) => n > 1)).toEqual([])
      // An already aborted signal rejects at once, before any request.
      const before = readsOf().length
      await expect(client.watch(receipts[0]!.taskId, { signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" })
      expect(readsOf()).toHaveLength(before)
    } finally {
      await client.dispose()
      await endless.close()
    }
  })
})
