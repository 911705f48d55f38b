import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"
import { getTask } from "../../src/lifecycle/query.js"
import { gatewayLayer, scriptedHttp } from "../support/scriptedHttp.js"
import { failedReply, status } from "../support/ttapiBodies.js"

const run = (steps: Parameters<typeof scriptedHttp>[0]) => {
  const http = scriptedHttp(steps)
  return { effect: getTask("t-1").pipe(Effect.provide(http.layer), Effect.provide(gatewayLayer("ttapi"))), sent: http.sent }
}

describe("status reads: idempotent, retried, never faster than the 5 s floor", () => {
  it.effect("retries 5xx, 408 and resets, each retry at least 5 s after the last request", () =>
    Effect.gen(function* () {
      const { effect, sent } = run([
        { status: 503, body: failedReply("busy") },
        { status: 408, body: failedReply("timeout") },
        { networkError: "ECONNRESET" },
        { status: 200, body: status("t-1", "RUNNING") },
      ])
      const fiber = yield* Effect.fork(effect)
      yield* TestClock.adjust("10 minutes")
      const snapshot = yield* Fiber.join(fiber)
      expect(snapshot.status._tag).toBe("Running")
      expect(sent).toHaveLength(4)
      for (let i = 1; i < sent.length; i++) {
        expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(5000)
      }
    }),
  )

  it.effect("a 429's Retry-After is honoured when longer than the floor", () =>
    Effect.gen(function* () {
      const { effect, sent } = run([
        { status: 429, body: failedReply("slow"), headers: { "retry-after": "20" } },
        { status: 200, body: status("t-1", "PENDING") },
      ])
      const fiber = yield* Effect.fork(effect)
      yield* TestClock.adjust("10 minutes")
      yield* Fiber.join(fiber)
      expect(sent.map((s) => s.at)).toEqual([0, 20_000])
    }),
  )

  it.effect("a Retry-After shorter than the floor still waits the floor", () =>
    Effect.gen(function* () {
      const { effect, sent } = run([
        { status: 429, body: failedReply("slow"), headers: { "retry-after": "1" } },
        { status: 200, body: status("t-1", "PENDING") },
      ])
      const fiber = yield* Effect.fork(effect)
      yield* TestClock.adjust("10 minutes")
      yield* Fiber.join(fiber)
      expect(sent.map((s) => s.at)).toEqual([0, 5_000])
    }),
  )

  it.effect("after the retry budget a network failure is a typed TransportError", () =>
    Effect.gen(function* () {
      const { effect, sent } = run([{ networkError: "ECONNREFUSED" }])
      const fiber = yield* Effect.fork(Effect.flip(effect))
      yield* TestClock.adjust("1 hour")
      const error = yield* Fiber.join(fiber)
      expect(error._tag).toBe("TransportError")
      expect(sent).toHaveLength(6)
    }),
  )

  it.effect("a persistent 5xx ends as the gateway's typed error", () =>
    Effect.gen(function* () {
      const { effect } = run([{ status: 500, body: failedReply("internal") }])
      const fiber = yield* Effect.fork(Effect.flip(effect))
      yield* TestClock.adjust("1 hour")
      const error = yield* Fiber.join(fiber)
      expect(error._tag).toBe("GatewayError")
    }),
  )
})
