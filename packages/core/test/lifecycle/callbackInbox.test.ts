import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import type { TaskSnapshot } from "../../src/domain/TaskStatus.js"
import { DEFAULT_INBOX_CAPACITY, makeCallbackInbox } from "../../src/lifecycle/CallbackInbox.js"

const done = (taskId: string, videoUrl = "https://cdn.test/v.mp4"): TaskSnapshot => ({
  taskId,
  gateway: "evolink",
  status: { _tag: "Succeeded", videoUrl },
  rawStatus: "completed",
})

describe("CallbackInbox", () => {
  it.effect("stays bounded when callbacks come for tasks nobody waits on", () =>
    Effect.gen(function* () {
      const inbox = yield* makeCallbackInbox
      for (let i = 0; i < DEFAULT_INBOX_CAPACITY * 3; i++) yield* inbox.deliver(done(`t-${i}`))
      expect(yield* inbox.size).toBeLessThanOrEqual(DEFAULT_INBOX_CAPACITY)
      // The newest are kept: a late waiter still gets its result.
      const latest = `t-${DEFAULT_INBOX_CAPACITY * 3 - 1}`
      expect((yield* inbox.await(latest)).taskId).toBe(latest)
    }),
  )

  it.effect("a repeated callback changes nothing and leaves nothing behind", () =>
    Effect.gen(function* () {
      const inbox = yield* makeCallbackInbox
      const waiter = yield* Effect.fork(inbox.await("t-1"))
      yield* Effect.yieldNow()
      yield* inbox.deliver(done("t-1", "https://cdn.test/first.mp4"))
      const first = yield* Fiber.join(waiter)
      // Gateways retry callbacks: the repeats come after the waiter has its result.
      for (let i = 0; i < 50; i++) yield* inbox.deliver(done("t-1", `https://cdn.test/repeat-${i}.mp4`))
      expect(yield* inbox.size).toBe(1)
      const again = yield* inbox.await("t-1")
      expect(first.status).toEqual({ _tag: "Succeeded", videoUrl: "https://cdn.test/first.mp4" })
      expect(again).toEqual(first)
    }),
  )

  it.effect("a waiter that gives up leaves no slot behind", () =>
    Effect.gen(function* () {
      const inbox = yield* makeCallbackInbox
      const waiter = yield* Effect.fork(inbox.await("t-2"))
      yield* Effect.yieldNow()
      yield* Fiber.interrupt(waiter)
      expect(yield* inbox.size).toBe(0)
    }),
  )
})
