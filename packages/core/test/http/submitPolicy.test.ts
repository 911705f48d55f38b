import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"
import { submit } from "../../src/lifecycle/submit.js"
import { normalized } from "../support/requests.js"
import { gatewayLayer, scriptedHttp } from "../support/scriptedHttp.js"
import { failedReply, submitted } from "../support/ttapiBodies.js"

const request = normalized({ kind: "text-to-video", prompt: "a white horse on a beach", ratio: "16:9", duration: 5 })

const run = (steps: Parameters<typeof scriptedHttp>[0]) => {
  const http = scriptedHttp(steps)
  const effect = submit(request).pipe(Effect.provide(http.layer), Effect.provide(gatewayLayer("ttapi")))
  return { effect, sent: http.sent }
}

describe("submit: paid and never resent in doubt", () => {
  it.effect("a refused connection provably did not arrive, so it is retried", () =>
    Effect.gen(function* () {
      const { effect, sent } = run([{ networkError: "ECONNREFUSED" }, { networkError: "ECONNREFUSED" }, { status: 200, body: submitted("t-1") }])
      const fiber = yield* Effect.fork(effect)
      yield* TestClock.adjust("10 minutes")
      const receipt = yield* Fiber.join(fiber)
      expect(receipt.taskId).toBe("t-1")
      expect(sent).toHaveLength(3)
    }),
  )

  it.effect("a reset after sending is in doubt and is sent exactly once", () =>
    Effect.gen(function* () {
      const { effect, sent } = run([{ networkError: "ECONNRESET" }, { status: 200, body: submitted("t-2") }])
      const fiber = yield* Effect.fork(Effect.flip(effect))
      yield* TestClock.adjust("10 minutes")
      const error = yield* Fiber.join(fiber)
      expect(error._tag).toBe("SubmitInDoubt")
      expect(sent).toHaveLength(1)
    }),
  )

  it.effect("a 5xx reply is in doubt: the gateway may have made the task", () =>
    Effect.gen(function* () {
      const { effect, sent } = run([{ status: 500, body: failedReply("upstream error") }, { status: 200, body: submitted("t-3") }])
      const error = yield* Effect.flip(effect)
      expect(error._tag).toBe("SubmitInDoubt")
      expect(sent).toHaveLength(1)
    }),
  )

  it.effect("an unreadable 2xx reply is in doubt", () =>
    Effect.gen(function* () {
      const { effect, sent } = run([{ status: 200, body: "<html>gateway</html>" }])
      const error = yield* Effect.flip(effect)
      expect(error._tag).toBe("SubmitInDoubt")
      expect(sent).toHaveLength(1)
    }),
  )

  it.effect("a 429 is retried after exactly the Retry-After the gateway asked for", () =>
    Effect.gen(function* () {
      const { effect, sent } = run([
        { status: 429, body: failedReply("too many requests"), headers: { "retry-after": "7" } },
        { status: 200, body: submitted("t-4") },
      ])
      const fiber = yield* Effect.fork(effect)
      yield* TestClock.adjust("6999 millis")
      expect(sent).toHaveLength(1)
      yield* TestClock.adjust("1 millis")
      const receipt = yield* Fiber.join(fiber)
      expect(receipt.taskId).toBe("t-4")
      expect(sent.map((s) => s.at)).toEqual([0, 7000])
    }),
  )

  it.effect("429s past the retry budget end as a typed RateLimited error", () =>
    Effect.gen(function* () {
      const { effect, sent } = run([{ status: 429, body: failedReply("slow down"), headers: { "retry-after": "1" } }])
      const fiber = yield* Effect.fork(Effect.flip(effect))
      yield* TestClock.adjust("1 hour")
      const error = yield* Fiber.join(fiber)
      expect(error._tag).toBe("RateLimited")
      expect(sent).toHaveLength(6)
    }),
  )

  it.effect("a definite refusal (401) is a typed error, not in doubt, and not resent", () =>
    Effect.gen(function* () {
      const { effect, sent } = run([{ status: 401, body: failedReply("invalid key") }])
      const error = yield* Effect.flip(effect)
      expect(error._tag).toBe("AuthError")
      expect(sent).toHaveLength(1)
    }),
  )
})

describe("submit with rateLimitRetries: 0 (hosts with a hard time limit)", () => {
  it.effect("hands the first 429 back at once as RateLimited with its Retry-After", () =>
    Effect.gen(function* () {
      const http = scriptedHttp([{ status: 429, body: failedReply("slow down"), headers: { "retry-after": "30" } }])
      const error = yield* Effect.flip(
        submit(request).pipe(Effect.provide(http.layer), Effect.provide(gatewayLayer("ttapi", { rateLimitRetries: 0 }))),
      )
      expect(error).toMatchObject({ _tag: "RateLimited", retryAfterMs: 30_000 })
      expect(http.sent).toHaveLength(1)
    }),
  )
})

describe("submit retry budgets: each its own, each honoured as configured", () => {
  const resend = (steps: Parameters<typeof scriptedHttp>[0], overrides: Parameters<typeof gatewayLayer>[1]) =>
    Effect.gen(function* () {
      const http = scriptedHttp(steps)
      const fiber = yield* Effect.fork(
        Effect.either(submit(request).pipe(Effect.provide(http.layer), Effect.provide(gatewayLayer("ttapi", overrides)))),
      )
      yield* TestClock.adjust("1 day")
      return { outcome: yield* Fiber.join(fiber), sent: http.sent }
    })

  it.effect("rateLimitRetries: 10 resends a 429 ten times (no hidden cap of 5)", () =>
    Effect.gen(function* () {
      const { outcome, sent } = yield* resend([{ status: 429, body: failedReply("slow down"), headers: { "retry-after": "1" } }], {
        rateLimitRetries: 10,
      })
      expect(outcome._tag === "Left" && outcome.left._tag).toBe("RateLimited")
      expect(sent).toHaveLength(11)
    }),
  )

  it.effect("not-sent resends do not use up the 429 budget, nor the other way round", () =>
    Effect.gen(function* () {
      const refused = { networkError: "ECONNREFUSED" } as const
      const limited = { status: 429, body: failedReply("slow down"), headers: { "retry-after": "1" } } as const
      const { outcome, sent } = yield* resend(
        [refused, refused, refused, limited, limited, limited, limited, { status: 200, body: submitted("t-9") }],
        { rateLimitRetries: 4, notSentRetries: 3 },
      )
      expect(outcome._tag === "Right" && outcome.right.taskId).toBe("t-9")
      expect(sent).toHaveLength(8)
    }),
  )

  it.effect("a budget of 0 for not-sent resends is honoured", () =>
    Effect.gen(function* () {
      const { outcome, sent } = yield* resend([{ networkError: "ECONNREFUSED" }, { status: 200, body: submitted("t-0") }], {
        notSentRetries: 0,
      })
      expect(outcome._tag === "Left" && outcome.left._tag).toBe("TransportError")
      expect(sent).toHaveLength(1)
    }),
  )
})

describe("submit timings come from the Clock", () => {
  it.effect("an in-doubt submit names when it was sent, on the TestClock", () =>
    Effect.gen(function* () {
      yield* TestClock.adjust("1234 millis")
      const { effect } = run([{ networkError: "ECONNRESET" }])
      const error = yield* Effect.flip(effect)
      expect(error).toMatchObject({ _tag: "SubmitInDoubt", sentAt: 1234 })
    }),
  )
})
