import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"
import { makeGovernor } from "../../src/many/Governor.js"

describe("Governor", () => {
  it.effect("spaces submits at the rate and halves it on a 429", () =>
    Effect.gen(function* () {
      const governor = yield* makeGovernor({ rate: 2, backoff: 0.5 })
      const times: Array<number> = []
      const stamp = Effect.flatMap(Effect.clockWith((c) => c.currentTimeMillis), (now) => Effect.sync(() => times.push(now)))
      const fiber = yield* Effect.fork(Effect.forEach([1, 2, 3], () => Effect.zipRight(governor.permit, stamp), { discard: true }))
      yield* TestClock.adjust("2 seconds")
      yield* Fiber.join(fiber)
      expect(times).toEqual([0, 500, 1000])
      yield* governor.rateLimited
      expect(yield* governor.rate).toBe(1)
      const after = yield* Effect.fork(Effect.zipRight(governor.permit, stamp))
      yield* TestClock.adjust("5 seconds")
      yield* Fiber.join(after)
      // The 429 at t=2000 pushes the next submit a whole (slower) gap out.
      expect(times[3]).toBe(3000)
      expect((yield* governor.stats).rateLimited).toBe(1)
    }),
  )

  it.effect("creeps back up after accepted submits, never past the ceiling", () =>
    Effect.gen(function* () {
      const governor = yield* makeGovernor({ rate: 1, maxRate: 1.2 })
      for (let i = 0; i < 20; i++) yield* governor.accepted
      expect(yield* governor.rate).toBe(1.2)
    }),
  )

  it.effect("refuses a reservation that would pass the budget, counting what was already spent", () =>
    Effect.gen(function* () {
      const governor = yield* makeGovernor({ rate: 1, budgetUsd: 2, spentUsd: 0.8 })
      yield* governor.reserve(0.7)
      const refused = yield* Effect.flip(governor.reserve(0.7))
      expect(refused._tag).toBe("BudgetExceeded")
      yield* governor.release(0.7)
      yield* governor.reserve(0.7)
    }),
  )

  it.effect("cuts once per overshoot, not once per refused reply", () =>
    Effect.gen(function* () {
      const governor = yield* makeGovernor({ rate: 2 })
      // Three 429s within one gap of each other: one overshoot.
      yield* governor.rateLimited
      yield* TestClock.adjust("100 millis")
      yield* governor.rateLimited
      yield* governor.rateLimited
      expect(yield* governor.rate).toBeCloseTo(1.6)
      expect((yield* governor.stats).rateLimited).toBe(3)
      // Later, another overshoot cuts again.
      yield* TestClock.adjust("5 seconds")
      yield* governor.rateLimited
      expect(yield* governor.rate).toBeCloseTo(1.28)
    }),
  )

  it.effect("settles just under a gateway's limit: close to it, with few 429s", () =>
    Effect.gen(function* () {
      // A gateway that refuses any submit less than 1 s after the last accepted one (1 a second).
      const limitGapMs = 1000
      const governor = yield* makeGovernor({ rate: 2 })
      let lastAccepted = Number.NEGATIVE_INFINITY
      let accepted = 0
      let refused = 0
      const submit = Effect.gen(function* () {
        yield* governor.permit
        const now = yield* Effect.clockWith((clock) => clock.currentTimeMillis)
        if (now - lastAccepted < limitGapMs) {
          refused++
          return yield* governor.rateLimited
        }
        lastAccepted = now
        accepted++
        yield* governor.accepted
      })
      const fiber = yield* Effect.fork(Effect.forever(submit))
      yield* TestClock.adjust("30 seconds")
      const warmed = accepted
      const refusedWarm = refused
      yield* TestClock.adjust("300 seconds")
      yield* Fiber.interrupt(fiber)
      // After the search, at least 90 % of the limit, with under 5 % of submits refused.
      const steady = (accepted - warmed) / 300
      expect(steady).toBeGreaterThanOrEqual(0.9)
      expect((refused - refusedWarm) / (accepted - warmed)).toBeLessThan(0.05)
    }),
  )
})
