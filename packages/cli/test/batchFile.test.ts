import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as fc from "fast-check"
import { parseBatch, parseCsv } from "../src/batch/BatchFile.js"

describe("batch files", () => {
  it.effect("reads JSONL, skips blank and comment lines, keys lines by id or line number", () =>
    Effect.gen(function* () {
      const items = yield* parseBatch("a.jsonl", '# header\n{"prompt":"one"}\n\n{"id":"hero","prompt":"two","image":"https://x/y.png"}\n')
      expect(items.map((i) => i.id)).toEqual(["2", "hero"])
      expect(items[0]?.request).toEqual({ kind: "text-to-video", prompt: "one" })
      expect(items[1]?.request["kind"]).toBe("image-to-video")
    }),
  )

  it.effect("reads CSV with quotes, numbers and image lists", () =>
    Effect.gen(function* () {
      const items = yield* parseBatch("a.csv", 'id,prompt,duration,images\nr1,"a horse, running ""fast""",8,https://a/1.png|https://a/2.png\n')
      expect(items[0]?.request).toEqual({
        kind: "reference-to-video",
        prompt: 'a horse, running "fast"',
        duration: 8,
        images: ["https://a/1.png", "https://a/2.png"],
      })
    }),
  )

  it.effect("names the line of a broken JSONL row and of a repeated id", () =>
    Effect.gen(function* () {
      const broken = yield* Effect.flip(parseBatch("a.jsonl", '{"prompt":"ok"}\nnot json\n'))
      expect(broken.message).toBe("a.jsonl line 2: is not a JSON object")
      const repeated = yield* Effect.flip(parseBatch("a.jsonl", '{"id":1,"prompt":"a"}\n{"id":1,"prompt":"b"}\n'))
      expect(repeated.line).toBe(2)
    }),
  )

  it("parses any CSV it could have written", () => {
    const cell = fc.string({ maxLength: 12 }).filter((s) => s.trim() !== "")
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const text = rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(",")).join("\r\n")
        expect(parseCsv(text)).toEqual(rows)
      }),
    )
  })
})
