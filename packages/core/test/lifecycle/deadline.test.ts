import { describe, expect, it } from "@effect/vitest"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Scope from "effect/Scope"
import * as TestClock from "effect/TestClock"
import { makeTracker } from "../../src/lifecycle/Tracker.js"
import { follow, type WatchOptions } from "../../src/lifecycle/watch.js"
import { gatewayLayer, scriptedHttp } from "../support/scriptedHttp.js"
import { failedReply } from "../support/ttapiBodies.js"

/** A gateway that takes the connection and never answers. */
const hanging = Layer.succeed(HttpClient.HttpClient, HttpClient.make(() => Effect.never))
/** A gateway that answers 503 to everything, so every read retries with backoff. */
const failing = scriptedHttp([{ status: 503, body: failedReply("busy") }]).layer

const options: WatchOptions = { deadline: "20 seconds", pollImmediately: true }

/** Runs the watch on the Test clock: not over at 19.9 s, over at 20 s, with a WatchTimeout. */
const endsAtTheDeadline = <E, R>(watch: Effect.Effect<unknown, E, R | Scope.Scope>, http: Layer.Layer<HttpClient.HttpClient>) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.fork(Effect.flip(Effect.scoped(watch).pipe(Effect.provide(Layer.merge(http, gatewayLayer("ttapi"))))))
    yield* TestClock.adjust("19900 millis")
    expect(Option.isNone(yield* Fiber.poll(fiber))).toBe(true)
    yield* TestClock.adjust("100 millis")
    const done = yield* Fiber.poll(fiber)
    expect(Option.isSome(done)).toBe(true)
    const error = yield* Fiber.join(fiber)
    expect(error).toMatchObject({ _tag: "WatchTimeout" })
  })

describe("the caller's deadline bounds every read, retry and backoff under it", () => {
  it.effect("follow: a gateway that never answers ends at the 20 s deadline", () =>
    endsAtTheDeadline(follow("t-1", options, () => Effect.void), hanging),
  )

  it.effect("follow: a gateway that answers 503 ends at the deadline, not after its retries", () =>
    endsAtTheDeadline(follow("t-1", options, () => Effect.void), failing),
  )

  it.effect("follow, first poll planned past the deadline: ends at the deadline", () =>
    endsAtTheDeadline(follow("t-1", { deadline: "20 seconds" }, () => Effect.void), hanging),
  )

  it.effect("the tracker: a gateway that never answers ends at the 20 s deadline", () =>
    endsAtTheDeadline(
      Effect.flatMap(makeTracker, (tracker) => tracker.track("t-1", options, () => Effect.void)),
      hanging,
    ),
  )
})
