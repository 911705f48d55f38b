import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import fc from "fast-check"
import { PROMPT_MAX_UNITS, promptUnits, validateRequest } from "../../src/validation/index.js"
import { acedata } from "./fixtures.js"

const t2v = (prompt: string) => validateRequest({ kind: "text-to-video", prompt }, acedata)

const promptRule = (prompt: string) =>
  t2v(prompt).pipe(
    Effect.flip,
    Effect.map((e) => e.errors.filter((x) => x.field === "prompt").map((x) => x.rule)),
    Effect.orDieWith(() => new Error("expected the prompt to be refused")),
  )

describe("promptUnits", () => {
  it("counts a Chinese character as 2 and any other code point as 1", () => {
    expect(promptUnits("")).toBe(0)
    expect(promptUnits("horse")).toBe(5)
    expect(promptUnits("马")).toBe(2)
    expect(promptUnits("一匹马在海滩上奔跑")).toBe(18)
    expect(promptUnits("a 马")).toBe(4)
    // A Han ideograph outside the BMP is one code point, counted 2.
    expect(promptUnits("𠀀")).toBe(2)
    // Emoji and accented letters are one code point each.
    expect(promptUnits("🐎")).toBe(1)
    expect(promptUnits("café")).toBe(4)
  })

  it("counts CJK punctuation and full-width forms as Chinese", () => {
    expect(promptUnits("，")).toBe(2) // U+FF0C full-width comma
    expect(promptUnits("。")).toBe(2) // U+3002 ideographic full stop
    expect(promptUnits("「」")).toBe(4)
    expect(promptUnits("　")).toBe(2) // U+3000 ideographic space
    expect(promptUnits("Ａ１")).toBe(4) // full-width Latin and digit
    expect(promptUnits("￥")).toBe(2) // U+FFE5 full-width yen
    expect(promptUnits("ｱ")).toBe(1) // half-width katakana is not full-width
    expect(promptUnits(",.")).toBe(2)
  })

  it("is additive over concatenation", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (a, b) => {
        expect(promptUnits(a + b)).toBe(promptUnits(a) + promptUnits(b))
      }),
    )
  })

  it("lies between the code point count and twice it", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (s) => {
        const points = Array.from(s).length
        const units = promptUnits(s)
        expect(units).toBeGreaterThanOrEqual(points)
        expect(units).toBeLessThanOrEqual(2 * points)
      }),
    )
  })
})

describe("prompt length at the boundary", () => {
  it.effect("2500 Chinese characters pass, 2501 do not", () =>
    Effect.gen(function* () {
      expect((yield* t2v("马".repeat(2500))).prompt).toHaveLength(2500)
      const [rule] = yield* promptRule("马".repeat(2501))
      expect(rule).toContain("5002 units where the limit is 5000")
      expect(rule).toContain("2500 Chinese or 5000 other characters")
    }),
  )

  it.effect("5000 other characters pass, 5001 do not", () =>
    Effect.gen(function* () {
      expect((yield* t2v("a".repeat(5000))).prompt).toHaveLength(5000)
      expect(yield* promptRule("a".repeat(5001))).toHaveLength(1)
    }),
  )

  it.effect("mixed text shares one budget of 5000 units", () =>
    Effect.gen(function* () {
      const mixed = `${"马".repeat(2000)}${"a".repeat(1000)}`
      expect(promptUnits(mixed)).toBe(PROMPT_MAX_UNITS)
      expect((yield* t2v(mixed)).prompt).toBe(mixed)
      expect(yield* promptRule(`${mixed}。`)).toHaveLength(1)
      expect(yield* promptRule(`${"马".repeat(2499)}abc`)).toHaveLength(1)
      expect((yield* t2v(`${"马".repeat(2499)}ab`)).prompt).toHaveLength(2501)
    }),
  )

  it.effect("the limit holds for image-to-video's optional prompt too", () =>
    Effect.gen(function* () {
      const result = yield* Effect.either(
        validateRequest({ kind: "image-to-video", image: "https://cdn.example.com/a.png", prompt: "x".repeat(5001) }, acedata),
      )
      expect(Either.isLeft(result) && result.left.errors[0]?.field).toBe("prompt")
    }),
  )

  it.effect("a long prompt's value is a short preview", () =>
    Effect.gen(function* () {
      const errors = yield* Effect.flip(t2v("a".repeat(6000)))
      expect(errors.errors[0]?.value.length).toBeLessThanOrEqual(80)
    }),
  )
})
