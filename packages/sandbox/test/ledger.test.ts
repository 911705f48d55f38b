import { describe, expect, it } from "@effect/vitest"
import { KEY, call, obj, withSandbox } from "./helpers.js"
import { query, submit, t2vBody, taskIdOf } from "./kit.js"

describe("ledger", () => {
  it("bills per output second by resolution, edits bill input plus output, and each task once", async () => {
    await withSandbox({ durations: { fixedMs: 30_000 } }, async (sb) => {
      const a = taskIdOf("acedata", await submit(sb, "acedata", t2vBody("acedata", "bill 720", 5, "720P")))
      const b = taskIdOf("acedata", await submit(sb, "acedata", t2vBody("acedata", "bill 1080", 10, "1080P")))
      // An edit of a sandbox video has a known input length: 10 s in, 10 s out.
      sb.advanceTime(30_000)
      const source = obj((await query(sb, "acedata", b)).body)
      const sourceUrl = String(obj((obj(source["response"])["data"] as ReadonlyArray<unknown>)[0])["video_url"])
      const e = taskIdOf("evolink", await submit(sb, "evolink", { model: "happyhorse-1.0-video-edit", prompt: "snow", video_urls: [sourceUrl] }))
      sb.advanceTime(30_000)
      const charges = Object.fromEntries(sb.ledger.charges(KEY).map((c) => [c.taskId, c]))
      expect(charges[a]).toMatchObject({ billedSeconds: 5, unitPriceUsd: 0.105, amountUsd: 0.525, resolution: "720P" })
      expect(charges[b]).toMatchObject({ billedSeconds: 10, unitPriceUsd: 0.18, amountUsd: 1.8, resolution: "1080P" })
      expect(charges[e]).toMatchObject({ inputSeconds: 10, outputSeconds: 10, billedSeconds: 20, resolution: "720P" })
      expect(sb.ledger.chargesPerTask(KEY)).toEqual({ [a]: 1, [b]: 1, [e]: 1 })
      expect(sb.ledger.submitsPerTask(KEY)).toEqual({ [a]: 1, [b]: 1, [e]: 1 })
      expect(sb.ledger.totalChargedUsd(KEY)).toBeCloseTo(0.525 + 1.8 + 0.139 * 20, 6)
    })
  })

  it("a long edit input is cut to 15 s of output", async () => {
    await withSandbox({ durations: { fixedMs: 1_000 } }, async (sb) => {
      // Input lengths for outside URLs are stable pseudo-random values in 3..60 s.
      const ids: Array<string> = []
      for (let i = 0; i < 20; i++) {
        ids.push(taskIdOf("ttapi", await submit(sb, "ttapi", {
          model: "happyhorse-1.0-video-edit",
          input: { prompt: "edit", media: [{ type: "video", url: `https://cdn.example.com/in-${i}.mp4` }] },
        })))
      }
      sb.advanceTime(1_000)
      const charges = sb.ledger.charges(KEY)
      expect(charges).toHaveLength(20)
      for (const c of charges) {
        expect(c.inputSeconds).toBeGreaterThanOrEqual(3)
        expect(c.inputSeconds).toBeLessThanOrEqual(60)
        expect(c.outputSeconds).toBe(Math.max(3, Math.min(15, c.inputSeconds)))
      }
      expect(charges.some((c) => c.inputSeconds > 15)).toBe(true)
      const usage = obj(obj((await query(sb, "ttapi", ids[0] ?? "")).body)["usage"])
      expect(usage["duration"]).toBe(Number(usage["input_video_duration"]) + Number(usage["output_video_duration"]))
    })
  })

  it("records poll times in sandbox time, so a test can check the poll interval", async () => {
    await withSandbox({ durations: { fixedMs: 60_000 } }, async (sb) => {
      const id = taskIdOf("tokenbay", await submit(sb, "tokenbay", t2vBody("tokenbay", "polled horse")))
      for (const step of [0, 10_000, 12_000, 4_000]) {
        sb.advanceTime(step)
        await query(sb, "tokenbay", id)
      }
      const times = sb.ledger.pollTimes(id)
      expect(times).toHaveLength(4)
      const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0))
      expect(gaps.map((g) => Math.round(g / 1000))).toEqual([10, 12, 4])
      expect(Math.round((sb.ledger.minPollGapMs(id) ?? 0) / 1000)).toBe(4)
      const polls = sb.ledger.requests(KEY).filter((r) => r.kind === "poll")
      expect(polls.every((r) => r.realMs > 0 && r.sandboxMs > 0 && r.taskId === id && r.dialect === "tokenbay")).toBe(true)
    })
  })

  it("a blind resubmit shows as two submits with one body fingerprint", async () => {
    await withSandbox({ durations: { fixedMs: 60_000 } }, async (sb) => {
      const body = t2vBody("evolink", "same body twice")
      await submit(sb, "evolink", body)
      await submit(sb, "evolink", body)
      expect(Object.values(sb.ledger.submitsPerFingerprint(KEY))).toEqual([2])
      expect(Object.keys(sb.ledger.submitsPerTask(KEY))).toHaveLength(2)
    })
  })

  it("is readable at GET /__admin/ledger, per key", async () => {
    await withSandbox({ durations: { fixedMs: 1_000 }, limits: { submitsPerSecond: 1 } }, async (sb) => {
      const id = taskIdOf("dashscope", await submit(sb, "dashscope", t2vBody("dashscope", "admin horse")))
      await submit(sb, "dashscope", t2vBody("dashscope", "too fast"))
      sb.advanceTime(1_000)
      await query(sb, "dashscope", id)
      const all = obj((await call(`${sb.origin}/__admin/ledger`)).body)
      const mine = obj(obj(all["keys"])[KEY])
      expect(mine["submitsPerTask"]).toEqual({ [id]: 1 })
      expect(mine["chargesPerTask"]).toEqual({ [id]: 1 })
      expect(mine["rateLimited"]).toBe(1)
      expect(Object.keys(obj(mine["pollTimes"]))).toEqual([id])
      expect((mine["requests"] as ReadonlyArray<unknown>).length).toBe(3)
      const one = obj((await call(`${sb.origin}/__admin/ledger?key=${KEY}`)).body)
      expect(Object.keys(obj(one["keys"]))).toEqual([KEY])
    })
  })
})
