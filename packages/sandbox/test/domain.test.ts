import * as fc from "fast-check"
import * as Effect from "effect/Effect"
import { describe, expect, it, vi } from "@effect/vitest"
import { makeRandom } from "../src/domain/Random.js"
import { drawTimeline, progressAt } from "../src/domain/TimeModel.js"
import { makeRateLimiter } from "../src/domain/RateLimiter.js"
import { checkCallbackUrl } from "../src/domain/CallbackPolicy.js"
import { frameSize } from "../src/domain/Geometry.js"
import { parseRange } from "../src/http/FileReply.js"
import { makeTaskBook } from "../src/domain/TaskBook.js"
import type { SandboxClock } from "../src/domain/SandboxClock.js"

describe("time model", () => {
  it("default lognormal: median about 120 s, 5th-95th percentiles about 60-300 s", () => {
    const random = makeRandom(7)
    const totals = Array.from({ length: 4000 }, () => drawTimeline({}, random).totalMs / 1000).sort((a, b) => a - b)
    const at = (q: number) => totals[Math.floor(q * totals.length)] ?? 0
    expect(at(0.5)).toBeGreaterThan(105)
    expect(at(0.5)).toBeLessThan(135)
    expect(at(0.05)).toBeGreaterThan(45)
    expect(at(0.05)).toBeLessThan(70)
    expect(at(0.95)).toBeGreaterThan(230)
    expect(at(0.95)).toBeLessThan(320)
  })

  it("is deterministic for a seed", () => {
    const draw = (seed: number) => Array.from({ length: 20 }, ((r) => () => drawTimeline({}, r).totalMs)(makeRandom(seed)))
    expect(draw(3)).toEqual(draw(3))
    expect(draw(3)).not.toEqual(draw(4))
  })

  it("progress is monotone, starts with a queue at 0, and is 100 only when done", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000, max: 900_000 }), fc.integer({ min: 1, max: 1_000_000 }), (total, seed) => {
        const timeline = drawTimeline({ fixedMs: total }, makeRandom(seed))
        let last = -1
        for (let t = 0; t <= total + 1000; t += Math.max(1, Math.floor(total / 97))) {
          const { phase, progress } = progressAt(timeline, t)
          expect(progress).toBeGreaterThanOrEqual(last)
          expect(progress === 100).toBe(phase === "done")
          if (t < timeline.queueMs) expect(phase).toBe("queued")
          last = progress
        }
        expect(timeline.queueMs).toBeGreaterThan(0)
      }),
      { numRuns: 100 },
    )
  })

  it("progress is S-shaped: slow start, fast middle", () => {
    const timeline = { queueMs: 0, totalMs: 100_000 }
    const p = (t: number) => progressAt(timeline, t).progress
    expect(p(10_000) - p(0)).toBeLessThan(p(55_000) - p(45_000))
  })
})

describe("task book", () => {
  it("settles a task only once sandbox time reaches its end, even when its timer fires early", async () => {
    // Node's timers run on the event loop's cached time, which lags the wall clock the sandbox clock reads;
    // on a busy machine a timer fires before the sandbox clock says the task is done. Here the timer is
    // told the whole wait is 0 real ms while sandbox time stands still, the extreme of that lag.
    vi.useFakeTimers()
    let now = 0
    const clock: SandboxClock = { timeScale: 1, now: () => now, realNow: () => now, advance: () => {}, toReal: () => 0 }
    const book = makeTaskBook(clock, makeRandom(1), { fixedMs: 5_000 })
    try {
      const spec = {
        kind: "t2v", model: "m", prompt: "p", resolution: "720P", ratio: "16:9", outputSeconds: 5, inputSeconds: 0,
        watermark: false, seed: undefined, callbackUrl: undefined,
      } as const
      const task = book.create({ id: "t1", dialect: "acedata", apiKey: "k", spec, request: {}, fail: undefined })
      const states: Array<string> = []
      const settled = book.whenSettled(task).then((t) => states.push(book.view(t).state))
      await vi.advanceTimersByTimeAsync(10)
      expect(states).toEqual([])
      expect(book.view(task).state).toBe("queued")
      now = 5_000
      await vi.advanceTimersByTimeAsync(10)
      await settled
      expect(states).toEqual(["succeeded"])
    } finally {
      book.close()
      vi.useRealTimers()
    }
  })
})

describe("rate limiter", () => {
  it.effect("admits at most N submits per second of sandbox time, per key", () =>
    Effect.sync(() => {
      const limiter = makeRateLimiter({ submitsPerSecond: 3 })
      const verdicts = [0, 100, 200, 300, 999, 1001].map((t) => limiter.admit("k", t, 0).ok)
      expect(verdicts).toEqual([true, true, true, false, false, true])
      expect(limiter.admit("other", 300, 0).ok).toBe(true)
      const limited = limiter.admit("k", 1002, 0)
      expect(limited.ok ? 0 : limited.retryAfterSeconds).toBeGreaterThanOrEqual(1)
    }),
  )
})

describe("callback URL rules", () => {
  it("follows EvoLink: https, public, at most 2048 characters; test mode allows loopback http", () => {
    expect(checkCallbackUrl("https://hooks.example.com/x", false).ok).toBe(true)
    for (const bad of ["http://hooks.example.com/x", "https://10.0.0.1/x", "https://172.20.1.1/x", "https://192.168.0.1/x", "https://[::1]/x", "https://localhost/x", "ftp://x", "not a url"]) {
      expect(checkCallbackUrl(bad, false).ok).toBe(false)
    }
    expect(checkCallbackUrl("https://172.32.0.1/x", false).ok).toBe(true)
    expect(checkCallbackUrl(`https://h.example.com/${"a".repeat(2100)}`, true).ok).toBe(false)
    expect(checkCallbackUrl("http://127.0.0.1:9999/hook", true).ok).toBe(true)
  })
})

describe("geometry and ranges", () => {
  it("frame sizes have a 720/1080 short side and even sides", () => {
    expect(frameSize("720P", "16:9")).toEqual({ width: 1280, height: 720 })
    expect(frameSize("1080P", "9:16")).toEqual({ width: 1080, height: 1920 })
    expect(frameSize("720P", "1:1")).toEqual({ width: 720, height: 720 })
    expect(frameSize("720P", "4:3")).toEqual({ width: 960, height: 720 })
    fc.assert(
      fc.property(fc.constantFrom("720P" as const, "1080P" as const), fc.constantFrom("16:9", "9:16", "1:1", "4:3", "3:4", "4:5", "5:4", "9:21", "21:9"), (res, ratio) => {
        const { width, height } = frameSize(res, ratio)
        expect(width % 2 + height % 2).toBe(0)
        expect(Math.min(width, height)).toBe(res === "720P" ? 720 : 1080)
      }),
    )
  })

  it("parses byte ranges", () => {
    expect(parseRange("bytes=0-9", 100)).toEqual({ start: 0, end: 9 })
    expect(parseRange("bytes=90-", 100)).toEqual({ start: 90, end: 99 })
    expect(parseRange("bytes=-10", 100)).toEqual({ start: 90, end: 99 })
    expect(parseRange("bytes=50-500", 100)).toEqual({ start: 50, end: 99 })
    expect(parseRange("bytes=100-", 100)).toBe("unsatisfiable")
    expect(parseRange("items=0-1", 100)).toBeUndefined()
    expect(parseRange(undefined, 100)).toBeUndefined()
  })
})
