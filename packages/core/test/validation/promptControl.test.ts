import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import fc from "fast-check"
import { validateRequest } from "../../src/validation/index.js"
import { acedata } from "./fixtures.js"

const promptErrors = (prompt: string) =>
  Effect.runSync(
    validateRequest({ kind: "text-to-video", prompt }, acedata).pipe(
      Effect.either,
      Effect.map((result) => (Either.isLeft(result) ? result.left.errors.filter((e) => e.field === "prompt") : [])),
    ),
  )

const controls = fc.constantFrom(..."\u0000\u0001\u0007\u0008\u000b\u000c\u001b\u007f\u0085\u009b".split(""))

describe("prompts a gateway should never see", () => {
  it.each([
    ["a NUL", "a horse\u0000 on a beach"],
    ["a bell and a backspace", "a horse\u0007\u0008 running"],
    ["only escape codes", "\u001b[31m\u001b[0m\u001b[2J"],
    ["only zero-width characters", "\u200b\u200c\u200d\u2060\ufeff"],
  ])("refuses %s, naming the prompt field", (_what, prompt) => {
    const errors = promptErrors(prompt)
    expect(errors.length).toBeGreaterThan(0)
    expect(errors[0]?.field).toBe("prompt")
  })

  it("keeps tabs, line breaks and emoji joined by zero-width joiners", () => {
    expect(promptErrors("a horse\trunning\non a beach\r\nat dawn")).toEqual([])
    expect(promptErrors("a family 👨\u200d👩\u200d👧 riding horses")).toEqual([])
  })

  it("refuses any prompt holding a control character, wherever it sits", () => {
    fc.assert(
      fc.property(fc.string(), controls, fc.string(), (before, control, after) => {
        expect(promptErrors(`a horse ${before}${control}${after}`).length).toBeGreaterThan(0)
      }),
    )
  })
})
