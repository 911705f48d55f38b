import { describe, expect, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"
import { makeInFlightLimit } from "../../src/http/GatewayCalls.js"

describe("the in-flight limit", () => {
  it.effect("a call waiting for a slot is interrupted at once, not when a slot frees", () =>
    Effect.gen(function* () {
      const limit = yield* makeInFlightLimit(1)
      const holding = yield* Deferred.make<void>()
      // The one slot is held for 3 s (on the TestClock, which this test never moves).
      yield* Effect.fork(limit.run(Effect.zipRight(Deferred.succeed(holding, undefined), Effect.sleep("3 seconds"))))
      yield* Deferred.await(holding)
      const waiter = yield* Effect.fork(limit.run(Effect.void))
      yield* Effect.yieldNow()
      const interrupting = yield* Effect.fork(Fiber.interrupt(waiter))
      for (let i = 0; i < 10; i++) yield* Effect.yieldNow()
      expect(Option.isSome(yield* Fiber.poll(interrupting))).toBe(true)
    }),
  )

  it.effect("an interrupted waiter takes no slot: the next caller gets it when it frees", () =>
    Effect.gen(function* () {
      const limit = yield* makeInFlightLimit(1)
      const holder = yield* Effect.fork(limit.run(Effect.sleep("3 seconds")))
      yield* Effect.yieldNow()
      const waiter = yield* Effect.fork(limit.run(Effect.never))
      yield* Effect.yieldNow()
      yield* Fiber.interrupt(waiter)
      const next = yield* Effect.fork(limit.run(Effect.succeed("ran")))
      yield* TestClock.adjust("3 seconds")
      yield* Fiber.join(holder)
      expect(yield* Fiber.join(next)).toBe("ran")
    }),
  )
})
