import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import fc from "fast-check"
import { dialects, ValidationErrors } from "../../src/index.js"
import { coerceHostInput, readHostInput } from "../../src/surface/index.js"

const caps = dialects.acedata.capabilities

describe("lenient host input", () => {
  it("reads numbers and booleans from text, splits URL lists and drops blank fields", () => {
    const read = readHostInput(
      {
        kind: "reference-to-video",
        prompt: "character1 rides",
        images: "https://cdn.example.com/a.png,\n https://cdn.example.com/b.png\n\n",
        duration: " 7 ",
        seed: "42",
        watermark: "Yes",
        ratio: "",
        model: null,
      },
      caps,
    )
    expect(read).toEqual(
      Either.right({
        kind: "reference-to-video",
        prompt: "character1 rides",
        images: ["https://cdn.example.com/a.png", "https://cdn.example.com/b.png"],
        duration: 7,
        seed: 42,
        watermark: true,
      }),
    )
  })

  it("names the field, the value and the rule of what it cannot read, all at once", () => {
    const read = readHostInput({ kind: "text-to-video", prompt: "a horse", duration: "five", watermark: "maybe" }, caps)
    expect(Either.isLeft(read)).toBe(true)
    const errors = Either.isLeft(read) ? read.left : undefined
    expect(errors).toBeInstanceOf(ValidationErrors)
    expect(errors?.errors.map((e) => [e.field, e.value])).toEqual([
      ["duration", '"five"'],
      ["watermark", '"maybe"'],
    ])
    for (const error of errors?.errors ?? []) expect(error.rule.length).toBeGreaterThan(0)
  })

  it("applies the gateway's rules after reading", () => {
    const read = readHostInput({ kind: "text-to-video", prompt: "a horse", seed: "-1", callbackUrl: "http://localhost/cb" }, dialects.ttapi.capabilities)
    const fields = Either.isLeft(read) ? read.left.errors.map((e) => e.field) : []
    expect(fields).toEqual(["seed", "callbackUrl"])
  })

  it("a valid request, written as a host writes it, reads back as itself", () => {
    fc.assert(
      fc.property(
        fc.record({
          prompt: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== "" && s === s.trim()),
          duration: fc.integer({ min: 3, max: 15 }),
          seed: fc.integer({ min: 0, max: 2147483647 }),
          watermark: fc.boolean(),
          images: fc.array(fc.constantFrom("https://cdn.example.com/a.png", "https://img.example.org/b.jpg"), { minLength: 1, maxLength: 9 }),
          separator: fc.constantFrom(",", "\n", " , ", "\r\n"),
        }),
        ({ separator, ...request }) => {
          const asText = {
            kind: "reference-to-video",
            prompt: request.prompt,
            duration: String(request.duration),
            seed: String(request.seed),
            watermark: String(request.watermark),
            images: request.images.join(separator),
          }
          expect(readHostInput(asText, caps)).toEqual(Either.right({ kind: "reference-to-video", ...request }))
        },
      ),
    )
  })

  it("keeps values it cannot read as they are, for validation to name", () => {
    expect(coerceHostInput({ duration: "3x", watermark: 1, images: 5, kind: " text-to-video " })).toEqual({
      duration: "3x",
      watermark: 1,
      images: 5,
      kind: "text-to-video",
    })
  })
})
