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
    const client = createClient({ provider: "evolink", apiKey, baseUrl: sandbox.urls.evolink, timeScale: SCALE })
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
      // Past the first planned read (45 s of sandbox time), well before any task can finish (70 s at least).
      await new Promise((resolve) => setTimeout(resolve, 50_000 / SCALE))
      controller.abort()
      expect(await Promise.all(watches)).toEqual(receipts.map(() => "AbortError"))
      // A read already on the wire at the abort may still reach the sandbox; none starts after it.
      await new Promise((resolve) => setTimeout(resolve, 50))
      const readsAtAbort = sandbox.ledger.requests(apiKey).filter((record) => record.kind === "poll").length
      expect(readsAtAbort).toBeGreaterThanOrEqual(receipts.length)
      await new Promise((resolve) => setTimeout(resolve, 60_000 / SCALE))
      expect(sandbox.ledger.requests(apiKey).filter((record) => record.kind === "poll").length).toBe(readsAtAbort)
      // An already aborted signal rejects at once, before any request.
      await expect(client.watch(receipts[0]!.taskId, { signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" })
    } finally {
      await client.dispose()
    }
  })
})
