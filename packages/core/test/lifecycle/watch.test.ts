import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import { watch } from "../../src/lifecycle/watch.js"
import { gatewayLayer, scriptedHttp } from "../support/scriptedHttp.js"
import { status, succeeded } from "../support/ttapiBodies.js"

const collect = (steps: Parameters<typeof scriptedHttp>[0], options: Parameters<typeof watch>[1] = {}, timeScale = 1) => {
  const http = scriptedHttp(steps)
  const effect = watch("t-1", options).pipe(
    Stream.runCollect,
    Effect.map(Chunk.toReadonlyArray),
    Effect.provide(http.layer),
    Effect.provide(gatewayLayer("ttapi", { timeScale })),
  )
  return { effect, sent: http.sent }
}

describe("watch", () => {
  it.effect("emits one event per change and ends with the result; polls are never closer than 5 s", () =>
    Effect.gen(function* () {
      const { effect, sent } = collect([
        { status: 200, body: status("t-1", "PENDING") },
        { status: 200, body: status("t-1", "RUNNING") },
        { status: 200, body: status("t-1", "RUNNING") },
        { status: 200, body: succeeded("t-1") },
      ])
      const fiber = yield* Effect.fork(effect)
      yield* TestClock.adjust("10 minutes")
      const events = yield* Fiber.join(fiber)
      expect(events.map((e) => e._tag)).toEqual(["Progress", "Progress", "Succeeded"])
      const last = events.at(-1)
      expect(last?._tag === "Succeeded" && last.videoUrl).toBe("https://cdn.test/v.mp4")
      expect(sent).toHaveLength(4)
      // The first poll waits until tasks can plausibly be done, not at 0 s.
      expect(sent[0]!.at).toBeGreaterThanOrEqual(40_000)
      for (let i = 1; i < sent.length; i++) expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(5000)
    }),
  )

  it.effect("a failed task ends the stream with a Failed event carrying the reason", () =>
    Effect.gen(function* () {
      const { effect } = collect([
        { status: 200, body: status("t-1", "FAILED", { code: "InternalError", message: "model crashed" }) },
      ], { pollImmediately: true })
      const events = yield* effect
      expect(events).toHaveLength(1)
      expect(events[0]).toMatchObject({ _tag: "Failed", reason: expect.stringContaining("model crashed") })
    }),
  )

  it.effect("a status word the client does not know is reported as unknown and watched on to the end", () =>
    Effect.gen(function* () {
      const { effect, sent } = collect(
        [
          { status: 200, body: status("t-1", "PAUSED_FOR_REVIEW") },
          { status: 200, body: status("t-1", "PAUSED_FOR_REVIEW") },
          { status: 200, body: succeeded("t-1") },
        ],
        { pollImmediately: true },
      )
      const fiber = yield* Effect.fork(effect)
      yield* TestClock.adjust("10 minutes")
      const events = yield* Fiber.join(fiber)
      expect(events.map((e) => e._tag)).toEqual(["Progress", "Succeeded"])
      expect(events[0]).toMatchObject({ _tag: "Progress", state: "unknown", rawStatus: "PAUSED_FOR_REVIEW" })
      expect(sent).toHaveLength(3)
    }),
  )

  it.effect("an unknown status word that never changes ends at the deadline as WatchTimeout, not ResultExpired", () =>
    Effect.gen(function* () {
      const { effect } = collect([{ status: 200, body: status("t-1", "PAUSED_FOR_REVIEW") }], {
        pollImmediately: true,
        deadline: "3 minutes",
      })
      const fiber = yield* Effect.fork(Effect.flip(effect))
      yield* TestClock.adjust("10 minutes")
      const error = yield* Fiber.join(fiber)
      expect(error).toMatchObject({ _tag: "WatchTimeout", lastStatus: "PAUSED_FOR_REVIEW" })
    }),
  )

  it.effect("UNKNOWN means the task expired or never existed: a typed ResultExpired", () =>
    Effect.gen(function* () {
      const { effect } = collect([{ status: 200, body: status("t-1", "UNKNOWN") }], { pollImmediately: true })
      const error = yield* Effect.flip(effect)
      expect(error._tag).toBe("ResultExpired")
    }),
  )

  it.effect("the overall deadline ends the watch with WatchTimeout naming the last status", () =>
    Effect.gen(function* () {
      const { effect, sent } = collect([{ status: 200, body: status("t-1", "RUNNING") }], { deadline: "3 minutes" })
      const fiber = yield* Effect.fork(Effect.flip(effect))
      yield* TestClock.adjust("4 minutes")
      const error = yield* Fiber.join(fiber)
      expect(error).toMatchObject({ _tag: "WatchTimeout", lastStatus: "RUNNING" })
      expect(sent.length).toBeGreaterThan(0)
      // The last read may land at the deadline itself (within float rounding), never after it.
      expect(sent.map((s) => s.at).filter((at) => at > 180_000 + 1e-6)).toEqual([])
    }),
  )

  it.effect("the test time scale shortens real waits and keeps the floor in gateway time", () =>
    Effect.gen(function* () {
      const { effect, sent } = collect(
        [
          { status: 200, body: status("t-1", "RUNNING") },
          { status: 200, body: status("t-1", "RUNNING") },
          { status: 200, body: succeeded("t-1") },
        ],
        { pollImmediately: true },
        100,
      )
      const fiber = yield* Effect.fork(effect)
      yield* TestClock.adjust("10 seconds")
      yield* Fiber.join(fiber)
      expect(sent).toHaveLength(3)
      for (let i = 1; i < sent.length; i++) expect((sent[i]!.at - sent[i - 1]!.at) * 100).toBeGreaterThanOrEqual(5000)
    }),
  )

  it.effect("interruption stops the polling", () =>
    Effect.gen(function* () {
      const { effect, sent } = collect([{ status: 200, body: status("t-1", "RUNNING") }])
      const fiber = yield* Effect.fork(effect)
      yield* TestClock.adjust("2 minutes")
      const before = sent.length
      yield* Fiber.interrupt(fiber)
      yield* TestClock.adjust("5 minutes")
      expect(sent.length).toBe(before)
    }),
  )
})
