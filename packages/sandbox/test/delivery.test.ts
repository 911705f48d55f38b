import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"
import { describe, expect, it } from "@effect/vitest"
import { deliverWithRetries } from "../src/http/Callbacks.js"

const plan = (statuses: ReadonlyArray<number | "hang">, attempts: Array<readonly [number, number | undefined]>) => {
  let calls = 0
  return {
    taskId: "task-1",
    url: "http://127.0.0.1:1/hook",
    timeout: Duration.seconds(10),
    retryDelays: [Duration.seconds(1), Duration.seconds(2), Duration.seconds(4)],
    post: () => {
      const next = statuses[Math.min(calls++, statuses.length - 1)]
      return next === "hang" ? new Promise<number>(() => undefined) : Promise.resolve(next ?? 200)
    },
    onAttempt: (attempt: number, status: number | undefined) => {
      attempts.push([attempt, status])
    },
  }
}

describe("callback delivery schedule (EvoLink: 10 s timeout, retries at 1/2/4 s)", () => {
  it.effect("retries exactly at 1, 2 and 4 s and stops at the first 2xx", () =>
    Effect.gen(function* () {
      const attempts: Array<readonly [number, number | undefined]> = []
      const fiber = yield* Effect.fork(deliverWithRetries(plan([500, 502, 204], attempts)))
      yield* TestClock.adjust(Duration.millis(0))
      expect(attempts).toEqual([[1, 500]])
      yield* TestClock.adjust(Duration.millis(999))
      expect(attempts).toHaveLength(1)
      yield* TestClock.adjust(Duration.millis(1))
      expect(attempts).toEqual([[1, 500], [2, 502]])
      yield* TestClock.adjust(Duration.millis(1_999))
      expect(attempts).toHaveLength(2)
      yield* TestClock.adjust(Duration.millis(1))
      expect(attempts).toEqual([[1, 500], [2, 502], [3, 204]])
      const exit = yield* Fiber.await(fiber)
      expect(Exit.isSuccess(exit)).toBe(true)
    }),
  )

  it.effect("gives up after the fourth attempt", () =>
    Effect.gen(function* () {
      const attempts: Array<readonly [number, number | undefined]> = []
      const fiber = yield* Effect.fork(deliverWithRetries(plan([500], attempts)))
      yield* TestClock.adjust(Duration.seconds(7))
      const exit = yield* Fiber.await(fiber)
      expect(attempts.map(([n]) => n)).toEqual([1, 2, 3, 4])
      expect(Exit.isFailure(exit)).toBe(true)
    }),
  )

  it.effect("a call that hangs times out after 10 s and is retried", () =>
    Effect.gen(function* () {
      const attempts: Array<readonly [number, number | undefined]> = []
      const fiber = yield* Effect.fork(deliverWithRetries(plan(["hang", 200], attempts)))
      yield* TestClock.adjust(Duration.millis(9_999))
      expect(attempts).toHaveLength(0)
      yield* TestClock.adjust(Duration.millis(1))
      expect(attempts).toEqual([[1, undefined]])
      yield* TestClock.adjust(Duration.seconds(1))
      expect(attempts).toEqual([[1, undefined], [2, 200]])
      expect(Exit.isSuccess(yield* Fiber.await(fiber))).toBe(true)
    }),
  )
})
