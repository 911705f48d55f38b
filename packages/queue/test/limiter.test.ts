import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { limiterFor, limiterThroughput } from "../src/config/limiter.js"
import { maxInWindow } from "./support/ledger.js"

describe("limiterFor", () => {
  it("runs close to the limit when time is not compressed", () => {
    const limiter = limiterFor({ perSecond: 100, timeScale: 1, jitterMs: 20 })
    expect(limiterThroughput(limiter)).toBeGreaterThanOrEqual(90)
    expect(limiterThroughput(limiter)).toBeLessThanOrEqual(100)
  })

  it("lets one job through per window for a limit of one", () => {
    expect(limiterFor({ perSecond: 1 })).toEqual({ max: 1, duration: 1021 })
  })

  // Any schedule BullMQ may produce under the limiter (window starts at least `duration` apart, up to
  // `max` jobs anywhere in a window, each arriving up to the jitter late) stays within the gateway's limit.
  it("never lets a sliding gateway second hold more than the limit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.constantFrom(1, 2, 5, 10, 50),
        fc.integer({ min: 0, max: 50 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 3, noNaN: true }), fc.array(fc.tuple(fc.double({ min: 0, max: 0.999, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 200 })), { minLength: 1, maxLength: 60 }),
        (perSecond, timeScale, jitterMs, windows) => {
          const limiter = limiterFor({ perSecond, timeScale, jitterMs })
          const arrivals: Array<number> = []
          let start = 0
          for (const [gap, jobs] of windows) {
            start += limiter.duration * (1 + gap)
            for (const [offset, jitter] of jobs.slice(0, limiter.max)) {
              const begins = start + (limiter.max === 1 ? 0 : offset * limiter.duration)
              arrivals.push((begins + jitter * jitterMs) * timeScale)
            }
          }
          expect(maxInWindow(arrivals, 1000)).toBeLessThanOrEqual(perSecond)
        },
      ),
      { numRuns: 300 },
    )
  })
})
