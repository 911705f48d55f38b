import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import fc from "fast-check"
import { IMAGE_LIMITS, inspectImage, sniffImageFormat } from "../../src/validation/index.js"
import { jpeg, png, webp, webpLossy } from "./fixtures.js"

const rulesOf = (bytes: Uint8Array, byteLength = bytes.length, field = "image") =>
  inspectImage(bytes, byteLength, field).pipe(
    Effect.flip,
    Effect.map((e) => e.errors),
    Effect.orDieWith(() => new Error("expected the image to be refused")),
  )

const builders = [
  ["png", png],
  ["jpeg", jpeg],
  ["webp", webp],
] as const

describe("inspectImage", () => {
  it.effect("reads the format and size of PNG, JPEG and WEBP headers", () =>
    Effect.gen(function* () {
      for (const [format, build] of builders) {
        expect(yield* inspectImage(build(1280, 720), 200_000)).toEqual({ format, width: 1280, height: 720 })
      }
      expect(yield* inspectImage(webpLossy(640, 480), 50_000)).toEqual({ format: "webp", width: 640, height: 480 })
    }),
  )

  it.effect("judges the format by the bytes, not a name", () =>
    Effect.gen(function* () {
      expect(sniffImageFormat(jpeg(400, 400))).toBe("jpeg")
      expect(sniffImageFormat(png(400, 400))).toBe("png")
      expect(sniffImageFormat(webp(400, 400))).toBe("webp")
      const gif = Uint8Array.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x90, 0x01, 0x90, 0x01, 0, 0, 0])
      expect(sniffImageFormat(gif)).toBeUndefined()
      const [e] = yield* rulesOf(gif, gif.length, "images[3]")
      expect(e?.field).toBe("images[3]")
      expect(e?.rule).toContain("must be a JPEG, PNG or WEBP image")
      expect((yield* rulesOf(new Uint8Array(0))).map((x) => x.rule)[0]).toContain("JPEG, PNG or WEBP")
    }),
  )

  it.effect("needs at least 300 px on both sides", () =>
    Effect.gen(function* () {
      for (const [, build] of builders) {
        expect((yield* inspectImage(build(300, 300), 1000)).width).toBe(300)
        const [e] = yield* rulesOf(build(299, 400))
        expect(e?.rule).toBe("must be at least 300 px on both sides")
        expect(e?.value).toBe('"299x400 px"')
        expect((yield* rulesOf(build(400, 299)))[0]?.rule).toBe("must be at least 300 px on both sides")
      }
    }),
  )

  it.effect("needs an aspect ratio between 1:2.5 and 2.5:1", () =>
    Effect.gen(function* () {
      for (const [, build] of builders) {
        expect((yield* inspectImage(build(750, 300), 1000)).width).toBe(750)
        expect((yield* inspectImage(build(300, 750), 1000)).height).toBe(750)
        expect((yield* rulesOf(build(751, 300)))[0]?.rule).toBe("must have an aspect ratio between 1:2.5 and 2.5:1")
        expect((yield* rulesOf(build(300, 751)))[0]?.rule).toBe("must have an aspect ratio between 1:2.5 and 2.5:1")
      }
    }),
  )

  it.effect("allows at most 10 MB", () =>
    Effect.gen(function* () {
      const header = png(1024, 1024)
      expect((yield* inspectImage(header, IMAGE_LIMITS.maxBytes)).format).toBe("png")
      const [e] = yield* rulesOf(header, IMAGE_LIMITS.maxBytes + 1)
      expect(e?.rule).toBe(`must be at most 10 MB (got ${10 * 1024 * 1024 + 1} bytes)`)
    }),
  )

  it.effect("collects every failure of one image", () =>
    Effect.gen(function* () {
      const errors = yield* rulesOf(jpeg(1000, 200), 11 * 1024 * 1024, "images[0]")
      expect(errors.map((e) => e.rule)).toEqual([
        `must be at most 10 MB (got ${11 * 1024 * 1024} bytes)`,
        "must be at least 300 px on both sides",
        "must have an aspect ratio between 1:2.5 and 2.5:1",
      ])
      expect(errors.every((e) => e.field === "images[0]")).toBe(true)
    }),
  )

  it.effect("a truncated header is refused, not thrown", () =>
    Effect.gen(function* () {
      for (const [format, build] of builders) {
        const cut = build(800, 600).slice(0, 14)
        const [e] = yield* rulesOf(cut)
        expect(e?.rule).toContain(`${format.toUpperCase()} whose width and height cannot be read`)
      }
    }),
  )

  it("(d) never throws on random bytes, with or without a valid magic number", () => {
    const magic = fc.constantFrom(
      [],
      [0xff, 0xd8, 0xff],
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      [0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50],
      [0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x58],
    )
    fc.assert(
      fc.property(magic, fc.uint8Array({ maxLength: 600 }), fc.nat(), (head, tail, size) => {
        const bytes = Uint8Array.from([...head, ...tail])
        const exit = Effect.runSyncExit(inspectImage(bytes, size, "image"))
        if (Exit.isSuccess(exit)) {
          expect(["jpeg", "png", "webp"]).toContain(exit.value.format)
          expect(Math.min(exit.value.width, exit.value.height)).toBeGreaterThanOrEqual(300)
        } else {
          expect(Exit.isFailure(exit) && exit.cause._tag).toBe("Fail")
        }
      }),
      { numRuns: 2000 },
    )
  })

  it("accepts exactly the sizes inside the rules", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...builders),
        fc.integer({ min: 1, max: 4000 }),
        fc.integer({ min: 1, max: 4000 }),
        ([, build], width, height) => {
          const ok = Math.min(width, height) >= 300 && Math.max(width, height) <= 2.5 * Math.min(width, height)
          const exit = Effect.runSyncExit(inspectImage(build(width, height), 1000))
          expect(Exit.isSuccess(exit)).toBe(ok)
        },
      ),
    )
  })
})
