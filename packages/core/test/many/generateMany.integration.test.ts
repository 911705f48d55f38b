import { startSandbox, type Sandbox } from "@happyhorse/sandbox"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { createClient, makeMemoryJournal } from "../../src/node/index.js"

const SCALE = 100
let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox({ timeScale: SCALE, seed: 23, testMode: true, durations: { fixedMs: 30_000 } })
})
afterAll(() => sandbox.close())

describe("generateMany on the Promise facade, against the sandbox", () => {
  it("submits, follows and downloads every request once, in input order", async () => {
    const apiKey = "sk-many-facade"
    const client = createClient({ provider: "tokenbay", apiKey, baseUrl: sandbox.urls.tokenbay, timeScale: SCALE })
    const outDir = mkdtempSync(join(tmpdir(), "many-"))
    try {
      const journal = makeMemoryJournal()
      const requests = Array.from({ length: 8 }, (_, i) => ({ kind: "text-to-video" as const, prompt: `herd ${i}`, duration: 3 }))
      const finished: Array<number> = []
      const results = await client.generateMany([...requests, { kind: "text-to-video", prompt: "" }], {
        concurrency: 4,
        rate: 20,
        outDir,
        journal,
        onEvent: (event) => {
          if (event._tag === "Finished") finished.push(event.result.index)
        },
      })
      expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])
      expect(results.slice(0, 8).every((r) => r._tag === "Success" && r.file !== undefined)).toBe(true)
      expect(results[8]?._tag === "Failure" ? results[8].error._tag : "").toBe("ValidationErrors")
      expect(readdirSync(outDir).filter((f) => f.endsWith(".mp4"))).toHaveLength(8)
      expect(sandbox.ledger.submits(apiKey)).toHaveLength(8)
      expect(finished.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])
      expect(journal.records().filter((r) => r.phase === "done")).toHaveLength(8)
    } finally {
      rmSync(outDir, { recursive: true, force: true })
      await client.dispose()
    }
  })

  it("an abort stops new submits", async () => {
    const apiKey = "sk-many-abort"
    const client = createClient({ provider: "evolink", apiKey, baseUrl: sandbox.urls.evolink, timeScale: SCALE })
    try {
      const controller = new AbortController()
      const requests = Array.from({ length: 30 }, (_, i) => ({ kind: "text-to-video" as const, prompt: `late ${i}`, duration: 3 }))
      const run = client.generateMany(requests, {
        concurrency: 30,
        rate: 1,
        signal: controller.signal,
        onEvent: (event) => {
          if (event._tag === "Submitted") controller.abort()
        },
      })
      await expect(run).rejects.toMatchObject({ name: "AbortError" })
      const sent = sandbox.ledger.submits(apiKey).length
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(sandbox.ledger.submits(apiKey).length).toBe(sent)
      expect(sent).toBeLessThan(3)
    } finally {
      await client.dispose()
    }
  })
})
