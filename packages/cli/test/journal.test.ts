import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Journal, layer } from "../src/journal/Journal.js"

const fresh = () => layer(join(mkdtempSync(join(tmpdir(), "hh-journal-")), "state", "journal.sqlite"))
const task = (key: string) => ({ key, batch: "b", gateway: "ttapi", baseUrl: "http://127.0.0.1:1/ttapi", request: "{\"kind\":\"text-to-video\",\"prompt\":\"p\"}", prompt: "p" })

describe("Journal", () => {
  it.effect("records an intent once: a second intend keeps the row as it is", () =>
    Effect.gen(function* () {
      const journal = yield* Journal
      yield* journal.intend(task("b:1"))
      yield* journal.update("b:1", { state: "submitted", task_id: "t-1" })
      const again = yield* journal.intend(task("b:1"))
      expect(again.state).toBe("submitted")
      expect(again.task_id).toBe("t-1")
      const byId = yield* journal.byTaskId("t-1")
      expect(Option.map(byId, (r) => r.key)).toEqual(Option.some("b:1"))
    }).pipe(Effect.provide(fresh())),
  )

  it.effect("turns submits cut off by a crash into in-doubt, and back to pending only when asked", () =>
    Effect.gen(function* () {
      const journal = yield* Journal
      yield* journal.intend(task("b:1"))
      yield* journal.intend(task("b:2"))
      yield* journal.update("b:1", { state: "submitting" })
      expect(yield* journal.settleInterrupted("b")).toBe(1)
      const row = yield* journal.get("b:1")
      expect(Option.map(row, (r) => [r.state, r.error_tag])).toEqual(Option.some(["in-doubt", "SubmitInDoubt"]))
      expect((yield* journal.list({ batch: "b", states: ["pending"] })).map((r) => r.key)).toEqual(["b:2"])
      expect(yield* journal.releaseInDoubt("b")).toBe(1)
      expect((yield* journal.list({ states: ["pending"] })).length).toBe(2)
    }).pipe(Effect.provide(fresh())),
  )

  it.effect("finds a task by its callback token", () =>
    Effect.gen(function* () {
      const journal = yield* Journal
      yield* journal.intend(task("b:9"))
      yield* journal.update("b:9", { callback_token: "tok_abcdefghijklmnopqrstuvwxyz" })
      expect(Option.isSome(yield* journal.byToken("tok_abcdefghijklmnopqrstuvwxyz"))).toBe(true)
      expect(Option.isNone(yield* journal.byToken("tok_other"))).toBe(true)
    }).pipe(Effect.provide(fresh())),
  )
})
