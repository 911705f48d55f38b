import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { DEFAULT_PRIOR, initialPollState, nextPollDelay } from "../../src/lifecycle/pollPlan.js"

const options = { floorMs: 5000, ceilingMs: 60_000, prior: DEFAULT_PRIOR }

describe("poll plan", () => {
  it("never asks below the floor or above the ceiling", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3_600_000 }),
        fc.option(fc.double({ min: -10, max: 200, noNaN: true }), { nil: undefined }),
        fc.option(fc.record({ elapsedMs: fc.integer({ min: 0, max: 3_600_000 }), progress: fc.integer({ min: 1, max: 99 }) }), { nil: undefined }),
        (elapsedMs, progress, last) => {
          const { delayMs } = nextPollDelay({ last }, { elapsedMs, progress }, options)
          expect(delayMs).toBeGreaterThanOrEqual(5000)
          expect(delayMs).toBeLessThanOrEqual(60_000)
        },
      ),
    )
  })

  it("asks rarely early: the first poll waits for the earliest plausible end", () => {
    expect(nextPollDelay(initialPollState, { elapsedMs: 0, progress: undefined }, options).delayMs).toBe(45_000)
  })

  it("aims just before the end estimated from the progress rate", () => {
    const first = nextPollDelay(initialPollState, { elapsedMs: 40_000, progress: 20 }, options)
    const second = nextPollDelay(first.state, { elapsedMs: 80_000, progress: 60 }, options)
    // 40 points in 40 s: 40 s remain; aim at 70 % of that.
    expect(second.delayMs).toBeCloseTo(28_000, -2)
    const near = nextPollDelay(second.state, { elapsedMs: 110_000, progress: 95 }, options)
    expect(near.delayMs).toBe(5000)
  })

  it("progress stuck just short of 100 means the end is near: poll at the floor", () => {
    const first = nextPollDelay(initialPollState, { elapsedMs: 100_000, progress: 99 }, options)
    const stuck = nextPollDelay(first.state, { elapsedMs: 105_000, progress: 99 }, options)
    expect(stuck.delayMs).toBe(5000)
  })

  it("meets the detection-delay target on an S-curve with a queue phase, in simulation", () => {
    // The shape real progress takes (and the sandbox emulates): queued, then a logistic curve capped at 99.
    const logistic = (v: number) => 1 / (1 + Math.exp(-10 * (v - 0.5)))
    const progressAt = (queueMs: number, totalMs: number, t: number) => {
      if (t < queueMs) return undefined
      const s = (logistic((t - queueMs) / (totalMs - queueMs)) - logistic(0)) / (logistic(1) - logistic(0))
      return Math.min(99, Math.max(1, Math.floor(s * 100)))
    }
    // Task lengths as the sandbox draws them by default: lognormal, median 120 s, sigma 0.5; 5-20 % queued.
    let seed = 42
    const uniform = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    const normal = () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform())
    const delays: Array<number> = []
    const polls: Array<number> = []
    for (let i = 0; i < 2000; i++) {
      const totalMs = Math.min(900_000, Math.max(20_000, 120_000 * Math.exp(0.5 * normal())))
      const queueMs = totalMs * (0.05 + uniform() * 0.15)
      let t = 0
      let state = initialPollState
      let progress: number | undefined
      let count = 0
      for (;;) {
        const next = nextPollDelay(state, { elapsedMs: t, progress }, options)
        state = next.state
        t += next.delayMs
        count++
        if (t >= totalMs) break
        progress = progressAt(queueMs, totalMs, t)
      }
      delays.push(t - totalMs)
      polls.push(count)
    }
    const sorted = (xs: Array<number>) => [...xs].sort((a, b) => a - b)
    expect(sorted(delays)[Math.floor(delays.length * 0.95)]!).toBeLessThanOrEqual(5000)
    expect(sorted(polls)[Math.floor(polls.length / 2)]!).toBeLessThanOrEqual(8)
  })

  it("without progress, asks more often past the typical end", () => {
    const early = nextPollDelay(initialPollState, { elapsedMs: 60_000, progress: undefined }, options).delayMs
    const late = nextPollDelay(initialPollState, { elapsedMs: 130_000, progress: undefined }, options).delayMs
    expect(early).toBeGreaterThan(late)
  })
})
