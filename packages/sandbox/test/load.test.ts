import { describe, expect, it } from "@effect/vitest"
import { KEY, obj, withSandbox } from "./helpers.js"
import { GATEWAYS, query, submit, t2vBody, taskIdOf, videoUrlOf, type Gateway } from "./kit.js"

const DONE: Record<Gateway, (body: Record<string, unknown>) => boolean> = {
  ttapi: (b) => obj(b["output"])["task_status"] === "SUCCEEDED",
  dashscope: (b) => obj(b["output"])["task_status"] === "SUCCEEDED",
  tokenbay: (b) => b["status"] === "completed",
  evolink: (b) => b["status"] === "completed",
  acedata: (b) => obj(b["response"])["success"] === true && obj(b["response"])["trace_id"] !== undefined,
}

describe("load", () => {
  it("runs 1000 tasks across all dialects through one clock jump without error", async () => {
    // Sandbox time moves only by the jump below (at real speed otherwise): a faster clock would also run
    // the ids' and file URLs' 24 h lifetime out on a slow machine (8.6 s of real time at 10 000x).
    await withSandbox({ durations: { fixedMs: 120_000 } }, async (sb) => {
      const jobs = Array.from({ length: 1000 }, (_, i) => ({ gateway: GATEWAYS[i % 5] ?? "ttapi", prompt: `load horse ${i % 3}` }))
      const ids: Array<readonly [Gateway, string]> = []
      for (let i = 0; i < jobs.length; i += 50) {
        const batch = jobs.slice(i, i + 50)
        const replies = await Promise.all(batch.map((j) => submit(sb, j.gateway, t2vBody(j.gateway, j.prompt, 3, "720P"))))
        replies.forEach((r, k) => {
          expect(r.status).toBe(200)
          const gateway = batch[k]?.gateway ?? "ttapi"
          ids.push([gateway, taskIdOf(gateway, r)])
        })
      }
      // Let the 120 s of generation pass in sandbox time, deterministically.
      sb.advanceTime(120_000)
      const urls = new Set<string>()
      for (let i = 0; i < ids.length; i += 50) {
        const replies = await Promise.all(ids.slice(i, i + 50).map(([g, id]) => query(sb, g, id).then((r) => [g, r] as const)))
        for (const [g, r] of replies) {
          expect(r.status).toBe(200)
          expect(DONE[g](obj(r.body))).toBe(true)
          if (urls.size < 5) urls.add(String(videoUrlOf(g, r)))
        }
      }
      // A few downloads; equal params hit the cache.
      for (const url of urls) expect((await fetch(url)).status).toBe(200)
      expect(sb.ledger.submits(KEY)).toHaveLength(1000)
      expect(sb.ledger.charges(KEY)).toHaveLength(1000)
      expect(Object.values(sb.ledger.chargesPerTask(KEY)).every((n) => n === 1)).toBe(true)
      expect(sb.ledger.requests(KEY).filter((r) => r.status >= 500)).toHaveLength(0)
    })
  })
})
