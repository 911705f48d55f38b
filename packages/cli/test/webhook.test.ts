import { describe, expect, it } from "@effect/vitest"
import { makeCallbackInbox, type TaskSnapshot } from "@happyhorse/core"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Journal, layer } from "../src/journal/Journal.js"
import { judge, type Verdict } from "../src/webhook/Receiver.js"

const TOKEN = "tok_0123456789abcdefghij"
const journalLayer = () => layer(join(mkdtempSync(join(tmpdir(), "hh-hook-")), "journal.sqlite"))

const done = (id: string) => JSON.stringify({ id, status: "completed", progress: 100, results: ["https://cdn.example/v.mp4"], error: null })

const setup = Effect.gen(function* () {
  const journal = yield* Journal
  yield* journal.intend({ key: "b:1", batch: "b", gateway: "evolink", baseUrl: "", request: "{}", prompt: "p" })
  yield* journal.update("b:1", { state: "running", task_id: "task-1", callback_token: TOKEN })
  return journal
})

const fetched = (status: TaskSnapshot["status"]): TaskSnapshot => ({ taskId: "task-1", gateway: "evolink", status, rawStatus: status._tag })

describe("webhook receiver", () => {
  it.effect("accepts a callback only after fetching the task again, wakes the waiter, then ignores the duplicate", () =>
    Effect.gen(function* () {
      const journal = yield* setup
      const inbox = yield* makeCallbackInbox
      let fetches = 0
      const verify = () => Effect.sync(() => (fetches++, fetched({ _tag: "Succeeded", videoUrl: "https://cdn.example/verified.mp4" })))
      const first = yield* judge({ journal, verify, inbox }, TOKEN, done("task-1"))
      expect(first._tag).toBe("Accepted")
      const woken = yield* inbox.await("task-1")
      expect(woken.status._tag).toBe("Succeeded")
      // The journal holds the fetched URL, not the one the callback claimed.
      const row = yield* journal.get("b:1")
      expect(Option.map(row, (r) => [r.state, r.video_url])).toEqual(Option.some(["succeeded", "https://cdn.example/verified.mp4"]))
      const again = yield* judge({ journal, verify, inbox }, TOKEN, done("task-1"))
      expect(again._tag).toBe("Duplicate")
      expect(fetches).toBe(1)
    }).pipe(Effect.provide(journalLayer())),
  )

  it.effect("refuses forged, malformed and premature callbacks and changes nothing", () =>
    Effect.gen(function* () {
      const journal = yield* setup
      const running = () => Effect.succeed(fetched({ _tag: "Running", progress: 40 }))
      const refused = (verdict: Verdict) => (verdict._tag === "Refused" ? verdict.status : 0)
      expect(refused(yield* judge({ journal, verify: running }, "tok_unknown_unknown_unknown", done("task-1")))).toBe(404)
      expect(refused(yield* judge({ journal, verify: running }, TOKEN, "{not json"))).toBe(400)
      expect(refused(yield* judge({ journal, verify: running }, TOKEN, JSON.stringify({ hello: 1 })))).toBe(400)
      expect(refused(yield* judge({ journal, verify: running }, TOKEN, done("task-2")))).toBe(403)
      // The callback says done, the gateway says running: the gateway wins.
      expect(refused(yield* judge({ journal, verify: running }, TOKEN, done("task-1")))).toBe(409)
      const row = yield* journal.get("b:1")
      expect(Option.map(row, (r) => r.state)).toEqual(Option.some("running"))
    }).pipe(Effect.provide(journalLayer())),
  )
})
