import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import * as TestClock from "effect/TestClock"
import type { TaskEvent } from "../../src/domain/TaskStatus.js"
import { makeTracker } from "../../src/lifecycle/Tracker.js"
import { follow } from "../../src/lifecycle/watch.js"
import { gatewayLayer, scriptedHttp, scriptedHttpByTask, type Step } from "../support/scriptedHttp.js"
import { status, succeeded } from "../support/ttapiBodies.js"

const idOf = (i: number) => `task-${String(i).padStart(5, "0")}`
const running = (id: string, progress?: number): Step => ({
  status: 200,
  body: status(id, "RUNNING", progress === undefined ? {} : { progress: `${progress}%` }),
})
const done = (id: string): Step => ({ status: 200, body: succeeded(id, `https://cdn.test/${id}.mp4`) })

/** A tracker over scripted tasks, in a scope the test closes. */
const trackerFor = (scripts: Record<string, ReadonlyArray<Step>>) =>
  Effect.gen(function* () {
    const http = scriptedHttpByTask(scripts)
    const scope = yield* Scope.make()
    const tracker = yield* makeTracker.pipe(
      Effect.provide(Layer.merge(http.layer, gatewayLayer("ttapi"))),
      Scope.extend(scope),
    )
    return { tracker, sent: http.sent, scope }
  })

describe("Tracker", () => {
  it.effect("follows many tasks from one loop: each ends with its own result, reads never closer than 5 s", () =>
    Effect.gen(function* () {
      const ids = Array.from({ length: 300 }, (_, i) => idOf(i))
      // Tasks of different lengths, so their reads interleave.
      const scripts = Object.fromEntries(
        ids.map((id, i) => [id, [...Array.from({ length: 1 + (i % 4) }, () => running(id)), done(id)]]),
      )
      const { tracker, sent, scope } = yield* trackerFor(scripts)
      const events = new Map<string, Array<TaskEvent["_tag"]>>()
      const fiber = yield* Effect.fork(
        Effect.forEach(
          ids,
          (id) =>
            tracker.track(id, {}, (event) =>
              Effect.sync(() => void events.set(id, [...(events.get(id) ?? []), event._tag])),
            ),
          { concurrency: "unbounded" },
        ),
      )
      yield* TestClock.adjust("20 minutes")
      const finals = yield* Fiber.join(fiber)
      expect(finals.map((event) => event._tag === "Succeeded" && event.videoUrl)).toEqual(
        ids.map((id) => `https://cdn.test/${id}.mp4`),
      )
      ids.forEach((id, i) => {
        // One Progress (RUNNING repeats are one state), then the result.
        expect(events.get(id)).toEqual(["Progress", "Succeeded"])
        const times = sent(id).map((request) => request.at)
        expect(times).toHaveLength(2 + (i % 4))
        expect(times[0]).toBeGreaterThanOrEqual(40_000)
        for (let k = 1; k < times.length; k++) expect(times[k]! - times[k - 1]!).toBeGreaterThanOrEqual(5_000)
      })
      yield* Scope.close(scope, Exit.void)
    }),
  )

  it.effect("reads a task at the same moments follow does", () =>
    Effect.gen(function* () {
      const id = idOf(1)
      const script = [running(id, 10), running(id, 35), running(id, 70), running(id, 99), done(id)]
      const alone = scriptedHttp(script)
      const followed = yield* Effect.fork(
        follow(id, {}, () => Effect.void).pipe(Effect.provide(Layer.merge(alone.layer, gatewayLayer("ttapi")))),
      )
      yield* TestClock.adjust("20 minutes")
      yield* Fiber.join(followed)

      const { tracker, sent, scope } = yield* trackerFor({ [id]: script })
      const tracked = yield* Effect.fork(tracker.track(id, {}, () => Effect.void))
      yield* TestClock.adjust("20 minutes")
      yield* Fiber.join(tracked)
      const offset = sent(id)[0]!.at - alone.sent[0]!.at
      expect(sent(id).map((request) => request.at - offset)).toEqual(alone.sent.map((request) => request.at))
      yield* Scope.close(scope, Exit.void)
    }),
  )

  it.effect("a task added while the loop sleeps toward a later read is read at its own time", () =>
    Effect.gen(function* () {
      const [later, sooner] = [idOf(1), idOf(2)]
      const { tracker, sent, scope } = yield* trackerFor({ [later]: [done(later)], [sooner]: [done(sooner)] })
      const laterFiber = yield* Effect.fork(tracker.track(later, {}, () => Effect.void))
      yield* TestClock.adjust("1 second")
      const soonerFiber = yield* Effect.fork(tracker.track(sooner, { pollImmediately: true }, () => Effect.void))
      yield* TestClock.adjust("0 millis")
      expect(sent(sooner).map((request) => request.at)).toEqual([1_000])
      expect(sent(later)).toHaveLength(0)
      yield* TestClock.adjust("2 minutes")
      yield* Fiber.join(soonerFiber)
      yield* Fiber.join(laterFiber)
      expect(sent(later).map((request) => request.at)).toEqual([45_000])
      yield* Scope.close(scope, Exit.void)
    }),
  )

  it.effect("a deadline, an expired task and an interrupted caller end only their own task", () =>
    Effect.gen(function* () {
      const [slow, expired, dropped, fine] = [idOf(1), idOf(2), idOf(3), idOf(4)]
      const { tracker, sent, scope } = yield* trackerFor({
        [slow]: [running(slow)],
        [expired]: [{ status: 200, body: status(expired, "UNKNOWN") }],
        [dropped]: [running(dropped)],
        [fine]: [running(fine), done(fine)],
      })
      const noEvents = () => Effect.void
      const slowFiber = yield* Effect.fork(Effect.flip(tracker.track(slow, { deadline: "3 minutes" }, noEvents)))
      const expiredFiber = yield* Effect.fork(Effect.flip(tracker.track(expired, { pollImmediately: true }, noEvents)))
      const droppedFiber = yield* Effect.fork(tracker.track(dropped, {}, noEvents))
      const fineFiber = yield* Effect.fork(tracker.track(fine, {}, noEvents))
      yield* TestClock.adjust("1 minute")
      const readsBeforeDrop = sent(dropped).length
      yield* Fiber.interrupt(droppedFiber)
      yield* TestClock.adjust("10 minutes")

      expect(yield* Fiber.join(slowFiber)).toMatchObject({ _tag: "WatchTimeout", lastStatus: "RUNNING" })
      expect(sent(slow).map((request) => request.at).filter((at) => at > 180_000 + 1e-6)).toEqual([])
      expect((yield* Fiber.join(expiredFiber))._tag).toBe("ResultExpired")
      expect(sent(expired)).toHaveLength(1)
      expect(sent(dropped)).toHaveLength(readsBeforeDrop)
      expect((yield* Fiber.join(fineFiber))._tag).toBe("Succeeded")
      yield* Scope.close(scope, Exit.void)
    }),
  )

  it.effect("a throwing event handler fails its own task, not the loop", () =>
    Effect.gen(function* () {
      const [bad, good] = [idOf(1), idOf(2)]
      const { tracker, scope } = yield* trackerFor({ [bad]: [running(bad), done(bad)], [good]: [running(good), done(good)] })
      const badFiber = yield* Effect.fork(Effect.exit(tracker.track(bad, {}, () => Effect.die(new Error("handler broke")))))
      const goodFiber = yield* Effect.fork(tracker.track(good, {}, () => Effect.void))
      yield* TestClock.adjust("10 minutes")
      const badExit = yield* Fiber.join(badFiber)
      expect(Exit.isFailure(badExit) && String(badExit.cause)).toContain("handler broke")
      expect((yield* Fiber.join(goodFiber))._tag).toBe("Succeeded")
      yield* Scope.close(scope, Exit.void)
    }),
  )

  it.effect("closing the client ends every task still followed as interrupted", () =>
    Effect.gen(function* () {
      const id = idOf(1)
      const { tracker, sent, scope } = yield* trackerFor({ [id]: [running(id)] })
      const fiber = yield* Effect.fork(Effect.exit(tracker.track(id, {}, () => Effect.void)))
      yield* TestClock.adjust("2 minutes")
      yield* Scope.close(scope, Exit.void)
      const exit = yield* Fiber.join(fiber)
      expect(Exit.isInterrupted(exit)).toBe(true)
      const reads = sent(id).length
      yield* TestClock.adjust("5 minutes")
      expect(sent(id)).toHaveLength(reads)
    }),
  )
})
