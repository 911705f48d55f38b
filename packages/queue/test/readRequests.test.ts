import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { readRequests } from "../src/producer/readRequests.js"

const file = (name: string, text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), "hh-queue-read-")), name)
  writeFileSync(path, text)
  return path
}

describe("readRequests", () => {
  it.effect("reads one request a line, keeps ids, numbers lines without one and defaults the kind", () =>
    Effect.gen(function* () {
      const path = file(
        "c.jsonl",
        ['{"id":"intro","prompt":"a horse"}', "# a comment", "", '{"kind":"image-to-video","image":"https://example.com/a.png"}'].join("\n"),
      )
      const items = yield* readRequests(path)
      expect(items).toEqual([
        { id: "intro", request: { kind: "text-to-video", prompt: "a horse" } },
        { id: "4", request: { kind: "image-to-video", image: "https://example.com/a.png" } },
      ])
    }),
  )

  it.effect("names the line that is not a JSON object", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(readRequests(file("bad.jsonl", '{"prompt":"ok"}\n[1,2]\n')))
      expect(error.message).toContain("line 2")
    }),
  )

  it.effect("refuses an empty file and a missing one", () =>
    Effect.gen(function* () {
      expect((yield* Effect.flip(readRequests(file("empty.jsonl", "\n# nothing\n")))).message).toContain("holds no requests")
      expect((yield* Effect.flip(readRequests("/nonexistent/x.jsonl"))).message).toContain("cannot be read")
    }),
  )
})
