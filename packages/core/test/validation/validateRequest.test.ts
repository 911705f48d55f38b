import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type { Capabilities } from "../../src/domain/Capabilities.js"
import type { ValidationError } from "../../src/domain/Errors.js"
import { type ValidateOptions, validateRequest } from "../../src/validation/index.js"
import { acedata, tokenbay } from "./fixtures.js"

const img = (n: number): string => `https://cdn.example.com/img/${n}.png`
const video = "https://cdn.example.com/clip.mp4"

const errorsOf = (
  input: unknown,
  caps: Capabilities = acedata,
  options?: ValidateOptions,
): Effect.Effect<ReadonlyArray<ValidationError>> =>
  validateRequest(input, caps, options).pipe(
    Effect.flip,
    Effect.map((e) => e.errors),
    Effect.orDieWith(() => new Error("expected the request to be refused")),
  )

const fields = (errors: ReadonlyArray<ValidationError>): ReadonlyArray<string> => errors.map((e) => e.field)

const only = (errors: ReadonlyArray<ValidationError>, field: string): ValidationError => {
  const found = errors.filter((e) => e.field === field)
  expect(found).toHaveLength(1)
  const [first] = found
  if (first === undefined) throw new Error(`no error for ${field}`)
  return first
}

describe("validateRequest: defaults", () => {
  it.effect("text-to-video resolves every default", () =>
    Effect.gen(function* () {
      const r = yield* validateRequest({ kind: "text-to-video", prompt: "a horse on a beach" }, acedata)
      expect(r).toEqual({
        kind: "text-to-video",
        model: "1.1",
        prompt: "a horse on a beach",
        image: undefined,
        images: [],
        video: undefined,
        referenceType: undefined,
        audio: undefined,
        resolution: "720P",
        ratio: "16:9",
        duration: 5,
        seed: undefined,
        watermark: false,
        callbackUrl: undefined,
        videoDuration: undefined,
      })
    }),
  )

  it.effect("image-to-video leaves the ratio to the first frame and the prompt optional", () =>
    Effect.gen(function* () {
      const r = yield* validateRequest({ kind: "image-to-video", image: img(1) }, acedata)
      expect(r.ratio).toBeUndefined()
      expect(r.prompt).toBeUndefined()
      expect(r.image).toBe(img(1))
      expect(r.images).toEqual([])
      expect(r.duration).toBe(5)
      expect(r.model).toBe("1.1")
    }),
  )

  it.effect("reference-to-video keeps images and reference type; newest offered model is the default", () =>
    Effect.gen(function* () {
      const input = { kind: "reference-to-video", prompt: "character1 runs", images: [img(1), img(2)], referenceType: "style" }
      const r = yield* validateRequest(input, acedata)
      expect(r.images).toEqual([img(1), img(2)])
      expect(r.referenceType).toBe("style")
      expect(r.model).toBe("1.1")
      expect(r.ratio).toBe("16:9")
      const onTokenbay = yield* validateRequest(input, tokenbay)
      expect(onTokenbay.model).toBe("1.0")
    }),
  )

  it.effect("video-edit is model 1.0, its length and ratio follow the input", () =>
    Effect.gen(function* () {
      const r = yield* validateRequest(
        { kind: "video-edit", prompt: "make it snow", video, audio: "keep", videoDuration: 12 },
        acedata,
      )
      expect(r.model).toBe("1.0")
      expect(r.duration).toBeUndefined()
      expect(r.ratio).toBeUndefined()
      expect(r.images).toEqual([])
      expect(r.audio).toBe("keep")
      expect(r.videoDuration).toBe(12)
    }),
  )

  it.effect("explicit values are kept", () =>
    Effect.gen(function* () {
      const r = yield* validateRequest(
        {
          kind: "text-to-video",
          prompt: "p",
          model: "1.0",
          resolution: "1080P",
          ratio: "9:16",
          duration: 15,
          seed: 0,
          watermark: true,
          callbackUrl: "https://hooks.example.com/cb",
        },
        acedata,
      )
      expect(r).toMatchObject({
        model: "1.0",
        resolution: "1080P",
        ratio: "9:16",
        duration: 15,
        seed: 0,
        watermark: true,
        callbackUrl: "https://hooks.example.com/cb",
      })
    }),
  )
})

describe("validateRequest: shape and schema", () => {
  it.effect("a non-object is refused under the field request", () =>
    Effect.gen(function* () {
      for (const input of [null, undefined, "text-to-video", 42, [1, 2]]) {
        const errors = yield* errorsOf(input)
        expect(fields(errors)).toEqual(["request"])
      }
    }),
  )

  it.effect("a missing or unknown kind names kind and lists the kinds", () =>
    Effect.gen(function* () {
      const missing = only(yield* errorsOf({ prompt: "x" }), "kind")
      expect(missing.rule).toContain("is required")
      expect(missing.rule).toContain("text-to-video")
      const unknown = only(yield* errorsOf({ kind: "text-to-music", prompt: "x" }), "kind")
      expect(unknown.value).toBe('"text-to-music"')
      expect(unknown.rule).toContain("video-edit")
    }),
  )

  it.effect("an unknown field is an error naming it", () =>
    Effect.gen(function* () {
      const e = only(yield* errorsOf({ kind: "text-to-video", prompt: "x", negativePrompt: "rain" }), "negativePrompt")
      expect(e.rule).toContain("is not a field of a text-to-video request")
      expect(e.value).toBe('"rain"')
    }),
  )

  it.effect("fields of another kind are refused with a hint", () =>
    Effect.gen(function* () {
      const ratio = only(yield* errorsOf({ kind: "image-to-video", image: img(1), ratio: "16:9" }), "ratio")
      expect(ratio.rule).toContain("follows the first frame")
      const images = only(yield* errorsOf({ kind: "image-to-video", image: img(1), images: [img(2)] }), "images")
      expect(images.rule).toContain("use image")
      const image = only(yield* errorsOf({ kind: "reference-to-video", prompt: "x", image: img(1) }), "image")
      expect(image.rule).toContain("use images")
    }),
  )

  it.effect("a schema failure inside a list names the element, like images[2]", () =>
    Effect.gen(function* () {
      const errors = yield* errorsOf({ kind: "reference-to-video", prompt: "x", images: [img(1), img(2), 7] })
      const e = only(errors, "images[2]")
      expect(e.value).toBe("7")
      expect(e.rule).toBe("must be an image URL (a string)")
    }),
  )

  it.effect("wrong types and missing fields say what is expected", () =>
    Effect.gen(function* () {
      const errors = yield* errorsOf({ kind: "text-to-video", duration: "5", model: "2.0", watermark: "yes" })
      expect(only(errors, "prompt").rule).toContain("is required for text-to-video")
      expect(only(errors, "duration").rule).toBe("must be a number of seconds")
      expect(only(errors, "model").rule).toBe('must be one of "1.0", "1.1"')
      expect(only(errors, "watermark").rule).toBe("must be true or false")
      const i2v = yield* errorsOf({ kind: "image-to-video" })
      expect(only(i2v, "image").rule).toContain("the first frame")
      const edit = yield* errorsOf({ kind: "video-edit", prompt: "x" })
      expect(only(edit, "video").rule).toContain("is required for video-edit")
    }),
  )
})

describe("validateRequest: rules", () => {
  it.effect("prompt is required and non-blank for t2v, r2v and edit; optional for i2v", () =>
    Effect.gen(function* () {
      for (const input of [
        { kind: "text-to-video", prompt: "   " },
        { kind: "reference-to-video", prompt: "", images: [img(1)] },
        { kind: "video-edit", prompt: "\n\t", video },
      ]) {
        expect(only(yield* errorsOf(input), "prompt").rule).toContain("must not be blank")
      }
      const i2v = yield* validateRequest({ kind: "image-to-video", image: img(1), prompt: "  " }, acedata)
      expect(i2v.prompt).toBeUndefined()
    }),
  )

  it.effect("reference-to-video takes 1 to 9 images", () =>
    Effect.gen(function* () {
      const r2v = (n: number) => ({ kind: "reference-to-video", prompt: "x", images: Array.from({ length: n }, (_, i) => img(i)) })
      expect((yield* validateRequest(r2v(1), acedata)).images).toHaveLength(1)
      expect((yield* validateRequest(r2v(9), acedata)).images).toHaveLength(9)
      const none = only(yield* errorsOf(r2v(0)), "images")
      expect(none.rule).toBe("must list 1 to 9 image URLs for reference-to-video")
      expect(none.value).toBe('"0 images"')
      expect(only(yield* errorsOf(r2v(10)), "images").value).toBe('"10 images"')
    }),
  )

  it.effect("video-edit takes 0 to 5 images and exactly one video", () =>
    Effect.gen(function* () {
      const edit = (n: number) => ({ kind: "video-edit", prompt: "x", video, images: Array.from({ length: n }, (_, i) => img(i)) })
      expect((yield* validateRequest(edit(0), acedata)).images).toEqual([])
      expect((yield* validateRequest(edit(5), acedata)).images).toHaveLength(5)
      expect(only(yield* errorsOf(edit(6)), "images").rule).toBe("must list at most 5 reference image URLs for video-edit")
      expect(only(yield* errorsOf({ kind: "video-edit", prompt: "x", video: [video, video] }), "video").rule).toBe(
        "must be a video URL (a string)",
      )
    }),
  )

  it.effect("media URLs must be absolute http(s) with a host and at most 2048 characters", () =>
    Effect.gen(function* () {
      for (const good of ["http://cdn.example.com/a.png", "https://cdn.example.com/a.png?x=1", "http://127.0.0.1:8080/a.png"]) {
        expect((yield* validateRequest({ kind: "image-to-video", image: good }, acedata)).image).toBe(good)
      }
      const bad = [
        "data:image/png;base64,iVBORw0KGgo=",
        "file:///home/me/a.png",
        "ftp://example.com/a.png",
        "blob:https://example.com/1234",
        "/images/a.png",
        "a.png",
        "http:example.com/a.png",
        "https://",
        "//example.com/a.png",
        "",
      ]
      for (const url of bad) {
        const e = only(yield* errorsOf({ kind: "image-to-video", image: url }), "image")
        expect(e.rule).toContain("absolute http:// or https:// URL")
      }
      const long = `https://example.com/${"a".repeat(2049 - 20)}`
      expect(long).toHaveLength(2049)
      expect(only(yield* errorsOf({ kind: "image-to-video", image: long }), "image").rule).toBe(
        "must be at most 2048 characters (got 2049)",
      )
      const fine = `https://example.com/${"a".repeat(2048 - 20)}`
      expect((yield* validateRequest({ kind: "image-to-video", image: fine }, acedata)).image).toBe(fine)
      const list = yield* errorsOf({ kind: "reference-to-video", prompt: "x", images: [img(0), "data:x", img(2), "file:///a"] })
      expect(fields(list)).toEqual(["images[1]", "images[3]"])
      expect(only(yield* errorsOf({ kind: "video-edit", prompt: "x", video: "clip.mp4" }), "video").value).toBe('"clip.mp4"')
    }),
  )

  it.effect("duration is an integer from 3 to 15 seconds; video-edit takes none", () =>
    Effect.gen(function* () {
      for (const duration of [3, 10, 15]) {
        expect((yield* validateRequest({ kind: "text-to-video", prompt: "x", duration }, acedata)).duration).toBe(duration)
      }
      for (const duration of [2, 16, 5.5, 0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
        const e = only(yield* errorsOf({ kind: "text-to-video", prompt: "x", duration }), "duration")
        expect(e.rule).toBe("must be an integer from 3 to 15 seconds")
        expect(e.value).toBe(String(duration))
      }
      const edit = only(yield* errorsOf({ kind: "video-edit", prompt: "x", video, duration: 5 }), "duration")
      expect(edit.rule).toContain("leave duration out")
    }),
  )

  it.effect("seed is an integer in the gateway's range", () =>
    Effect.gen(function* () {
      for (const seed of [0, 42, 2147483647]) {
        expect((yield* validateRequest({ kind: "text-to-video", prompt: "x", seed }, acedata)).seed).toBe(seed)
      }
      const low = only(yield* errorsOf({ kind: "text-to-video", prompt: "x", seed: -1 }), "seed")
      expect(low.rule).toBe("acedata accepts seeds from 0 to 2147483647")
      expect(low.value).toBe("-1")
      expect(only(yield* errorsOf({ kind: "text-to-video", prompt: "x", seed: 2147483648 }), "seed").rule).toBe(
        "acedata accepts seeds from 0 to 2147483647",
      )
      expect(only(yield* errorsOf({ kind: "text-to-video", prompt: "x", seed: 1.5 }), "seed").rule).toBe(
        "must be an integer; acedata accepts seeds from 0 to 2147483647",
      )
      expect(only(yield* errorsOf({ kind: "text-to-video", prompt: "x", seed: 0 }, tokenbay), "seed").rule).toBe(
        "tokenbay accepts seeds from 1 to 2147483647",
      )
    }),
  )

  it.effect("videoDuration is the edit input's length, 3 to 60 seconds", () =>
    Effect.gen(function* () {
      expect((yield* validateRequest({ kind: "video-edit", prompt: "x", video, videoDuration: 60 }, acedata)).videoDuration).toBe(60)
      const e = only(yield* errorsOf({ kind: "video-edit", prompt: "x", video, videoDuration: 61 }), "videoDuration")
      expect(e.rule).toContain("from 3 to 60 seconds")
    }),
  )

  it.effect("the kind must be offered by the gateway", () =>
    Effect.gen(function* () {
      const e = only(yield* errorsOf({ kind: "video-edit", prompt: "x", video }, tokenbay), "kind")
      expect(e.rule).toBe(
        "tokenbay does not offer video-edit; it offers text-to-video, image-to-video, reference-to-video",
      )
      expect(e.value).toBe('"video-edit"')
    }),
  )

  it.effect("the model version must be offered for the kind; edit is 1.0 only", () =>
    Effect.gen(function* () {
      const r2v = only(
        yield* errorsOf({ kind: "reference-to-video", prompt: "x", images: [img(1)], model: "1.1" }, tokenbay),
        "model",
      )
      expect(r2v.rule).toBe("tokenbay offers reference-to-video with model 1.0")
      const edit = only(yield* errorsOf({ kind: "video-edit", prompt: "x", video, model: "1.1" }), "model")
      expect(edit.rule).toBe("video-edit exists only as model 1.0")
      const editOnly11: Capabilities = { ...acedata, models: { ...acedata.models, "video-edit": ["1.1"] } }
      expect(only(yield* errorsOf({ kind: "video-edit", prompt: "x", video }, editOnly11), "kind").rule).toContain(
        "does not offer video-edit",
      )
    }),
  )

  it.effect("the ratio must be one the gateway accepts", () =>
    Effect.gen(function* () {
      const e = only(yield* errorsOf({ kind: "text-to-video", prompt: "x", ratio: "21:9" }, tokenbay), "ratio")
      expect(e.rule).toBe("tokenbay accepts the ratios 16:9, 9:16, 1:1")
      expect(only(yield* errorsOf({ kind: "text-to-video", prompt: "x", ratio: "2:1" }), "ratio").rule).toContain(
        "must be one of",
      )
    }),
  )

  it.effect("a callback URL needs a gateway that calls back, https and a public host", () =>
    Effect.gen(function* () {
      const cb = "https://hooks.example.com/happyhorse"
      expect((yield* validateRequest({ kind: "text-to-video", prompt: "x", callbackUrl: cb }, acedata)).callbackUrl).toBe(cb)
      const none = only(yield* errorsOf({ kind: "text-to-video", prompt: "x", callbackUrl: cb }, tokenbay), "callbackUrl")
      expect(none.rule).toContain("tokenbay does not send callbacks")
      const http = only(
        yield* errorsOf({ kind: "text-to-video", prompt: "x", callbackUrl: "http://hooks.example.com/cb" }),
        "callbackUrl",
      )
      expect(http.rule).toContain("https")
      const local = only(
        yield* errorsOf({ kind: "text-to-video", prompt: "x", callbackUrl: "https://127.0.0.1/cb" }),
        "callbackUrl",
      )
      expect(local.rule).toContain("loopback")
      const relaxed = yield* validateRequest(
        { kind: "text-to-video", prompt: "x", callbackUrl: "http://127.0.0.1:8080/cb" },
        acedata,
        { allowPrivateCallbackUrls: true },
      )
      expect(relaxed.callbackUrl).toBe("http://127.0.0.1:8080/cb")
    }),
  )
})

describe("validateRequest: all failures at once", () => {
  it.effect("collects every failure, in request order, each with field, value and rule", () =>
    Effect.gen(function* () {
      const errors = yield* errorsOf(
        {
          kind: "reference-to-video",
          prompt: " ",
          images: [img(1), "file:///a.png", 3],
          ratio: "21:9",
          duration: 99,
          seed: -5,
          watermark: "no",
          callbackUrl: "http://10.0.0.1/cb",
          colour: "red",
        },
        tokenbay,
      )
      expect(fields(errors)).toEqual([
        "prompt",
        "images[1]",
        "images[2]",
        "ratio",
        "duration",
        "seed",
        "watermark",
        "callbackUrl",
        "colour",
      ])
      for (const e of errors) {
        expect(e.field.length).toBeGreaterThan(0)
        expect(e.value.length).toBeGreaterThan(0)
        expect(e.rule.length).toBeGreaterThan(0)
        expect(e.message).toContain(e.field)
      }
      expect(only(errors, "duration").value).toBe("99")
    }),
  )

  it.effect("a type error in one field does not hide the rules of the others", () =>
    Effect.gen(function* () {
      const errors = yield* errorsOf({ kind: "text-to-video", prompt: "", duration: "five", seed: 1.5 })
      expect(fields(errors)).toEqual(["prompt", "duration", "seed"])
    }),
  )

  it.effect("an unknown kind still checks the shared fields", () =>
    Effect.gen(function* () {
      const errors = yield* errorsOf({ kind: "music", duration: 40, seed: -1 })
      expect(fields(errors)).toEqual(["kind", "duration", "seed"])
    }),
  )
})
