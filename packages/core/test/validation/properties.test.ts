import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import fc from "fast-check"
import type { Capabilities } from "../../src/domain/Capabilities.js"
import { ValidationErrors } from "../../src/domain/Errors.js"
import { AspectRatio, ModelVersion, Resolution, VideoKind } from "../../src/domain/VideoRequest.js"
import { promptUnits, validateRequest } from "../../src/validation/index.js"
import { acedata, tokenbay } from "./fixtures.js"

const caps = fc.constantFrom<Capabilities>(acedata, tokenbay)

const keys = [
  "kind",
  "prompt",
  "image",
  "images",
  "video",
  "model",
  "resolution",
  "ratio",
  "duration",
  "seed",
  "watermark",
  "callbackUrl",
  "referenceType",
  "audio",
  "videoDuration",
] as const

// Values near the rules' edges, mixed with anything at all.
const fieldValue = fc.oneof(
  fc.anything(),
  fc.constantFrom(...VideoKind.literals, ...ModelVersion.literals, ...Resolution.literals, ...AspectRatio.literals),
  fc.integer({ min: -5, max: 20 }),
  fc.double(),
  fc.string(),
  fc.constantFrom("https://cdn.example.com/a.png", "http://127.0.0.1/cb", "data:x", "file:///a", "https://[::1]/cb"),
  fc.array(fc.oneof(fc.string(), fc.constant("https://cdn.example.com/a.png"), fc.anything()), { maxLength: 12 }),
)

const requestLike = fc.oneof(
  fc.anything({ withNullPrototype: true, withBigInt: true, withMap: true, withSet: true, withDate: true }),
  fc.dictionary(fc.constantFrom(...keys, "extra", "__proto__", "constructor"), fieldValue),
  fc.record(
    { kind: fc.constantFrom(...VideoKind.literals) },
    { requiredKeys: ["kind"] },
  ).chain((base) => fc.dictionary(fc.constantFrom(...keys), fieldValue).map((rest) => ({ ...rest, ...base }))),
)

const isValidationErrors = Schema.is(ValidationErrors)

describe("validateRequest properties", () => {
  it("(a) any input yields a NormalizedRequest or ValidationErrors with named fields, never a throw", () => {
    fc.assert(
      fc.property(requestLike, caps, fc.boolean(), (input, gateway, relaxed) => {
        const exit = Effect.runSyncExit(validateRequest(input, gateway, { allowPrivateCallbackUrls: relaxed }))
        if (Exit.isSuccess(exit)) {
          expect(VideoKind.literals).toContain(exit.value.kind)
          expect(gateway.models[exit.value.kind]).toContain(exit.value.model)
          expect(Array.isArray(exit.value.images)).toBe(true)
        } else {
          expect(exit.cause._tag).toBe("Fail")
          if (exit.cause._tag === "Fail") {
            const error = exit.cause.error
            expect(isValidationErrors(error)).toBe(true)
            expect(error.errors.length).toBeGreaterThan(0)
            for (const e of error.errors) {
              expect(e.field.length).toBeGreaterThan(0)
              expect(e.rule.length).toBeGreaterThan(0)
              expect(e.value.length).toBeLessThanOrEqual(80)
            }
          }
        }
      }),
      { numRuns: 1500 },
    )
  })

  // --- (b) valid requests pass and keep their values ---------------------------------------

  const url = fc
    .tuple(
      fc.constantFrom("http", "https"),
      fc.stringMatching(/^[a-z][a-z0-9-]{0,20}\.(com|net|cn|io)$/),
      fc.stringMatching(/^[a-zA-Z0-9_\-/]{0,60}$/),
    )
    .map(([scheme, host, path]) => `${scheme}://${host}/${path}`)
    // The host pattern can spell an invalid punycode label (`xn--.com`); such a URL is rightly refused.
    .filter((url) => URL.canParse(url))

  const prompt = fc
    .string({ minLength: 1, maxLength: 2600, unit: fc.constantFrom("a", "Z", " ", "马", "。", "🐎", "é", "1") })
    .filter((p) => p.trim() !== "" && promptUnits(p) <= 5000)

  const common = (gateway: Capabilities) => ({
    resolution: fc.constantFrom(...Resolution.literals),
    seed: fc.integer({ min: gateway.seed.min, max: gateway.seed.max }),
    watermark: fc.boolean(),
    callbackUrl: gateway.callbacks
      ? fc.stringMatching(/^[a-z]{1,12}$/).map((p) => `https://hooks.example.com/${p}`)
      : fc.constant(undefined),
  })

  const validFor = (gateway: Capabilities) => {
    const models = (kind: VideoKind) => fc.constantFrom(...(gateway.models[kind] ?? ["1.0"]))
    const ratio = fc.constantFrom(...gateway.ratios)
    const duration = fc.integer({ min: 3, max: 15 })
    const shared = common(gateway)
    const kinds = [
      fc.record(
        { kind: fc.constant("text-to-video" as const), prompt, ratio, duration, model: models("text-to-video"), ...shared },
        { requiredKeys: ["kind", "prompt"] },
      ),
      fc.record(
        { kind: fc.constant("image-to-video" as const), image: url, prompt, duration, model: models("image-to-video"), ...shared },
        { requiredKeys: ["kind", "image"] },
      ),
      fc.record(
        {
          kind: fc.constant("reference-to-video" as const),
          prompt,
          images: fc.array(url, { minLength: 1, maxLength: 9 }),
          referenceType: fc.constantFrom("subject" as const, "style" as const),
          ratio,
          duration,
          model: models("reference-to-video"),
          ...shared,
        },
        { requiredKeys: ["kind", "prompt", "images"] },
      ),
    ]
    const edit = fc.record(
      {
        kind: fc.constant("video-edit" as const),
        prompt,
        video: url,
        images: fc.array(url, { maxLength: 5 }),
        audio: fc.constantFrom("keep" as const, "regenerate" as const),
        videoDuration: fc.double({ min: 3, max: 60, noNaN: true }),
        model: fc.constant("1.0" as const),
        ...shared,
      },
      { requiredKeys: ["kind", "prompt", "video"] },
    )
    // Drop keys whose generator gave undefined (callbacks on a gateway without them).
    const clean = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined))
    return fc.oneof(...kinds, ...(gateway.models["video-edit"] ? [edit] : [])).map(clean)
  }

  it("(b) generated valid requests always pass and keep their values", () => {
    fc.assert(
      fc.property(
        caps.chain((gateway) => validFor(gateway).map((request) => ({ gateway, request }))),
        ({ gateway, request }) => {
          const exit = Effect.runSyncExit(validateRequest(request, gateway))
          if (Exit.isFailure(exit)) throw new Error(`refused: ${JSON.stringify(exit.cause)}`)
          const normalized = exit.value
          for (const [key, value] of Object.entries(request)) {
            expect(Reflect.get(normalized, key), key).toEqual(value)
          }
          const kind = normalized.kind
          const newest = gateway.models[kind]?.at(-1)
          if (request["model"] === undefined) expect(normalized.model).toBe(kind === "video-edit" ? "1.0" : newest)
          if (request["resolution"] === undefined) expect(normalized.resolution).toBe("720P")
          if (request["watermark"] === undefined) expect(normalized.watermark).toBe(false)
          if (kind === "image-to-video" || kind === "video-edit") expect(normalized.ratio).toBeUndefined()
          else if (request["ratio"] === undefined) expect(normalized.ratio).toBe("16:9")
          if (kind === "video-edit") expect(normalized.duration).toBeUndefined()
          else if (request["duration"] === undefined) expect(normalized.duration).toBe(5)
        },
      ),
      { numRuns: 400 },
    )
  })
})
