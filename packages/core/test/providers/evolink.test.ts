import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type { NormalizedRequest } from "../../src/domain/VideoRequest.js"
import { evolink } from "../../src/providers/evolink.js"
import { failureOf, outcome, successOf } from "./expect.js"
import { fixture, normalized, replyOf, requestBodyOf } from "./fixtures.js"

const PROMPT = "A white horse gallops along a beach at sunrise, slow camera pan"
const IMG1 = "https://cdn.example.com/horse.png"
const IMG2 = "https://cdn.example.com/saddle.png"
const VID = "https://cdn.example.com/ride.mp4"
const OUT = "https://files.example.com/happyhorse/result.mp4"
const TID = "task-unified-1761313744-h1i2vcd9"

const submits: ReadonlyArray<readonly [string, NormalizedRequest]> = [
  ["submit-t2v", normalized({ kind: "text-to-video", prompt: PROMPT, ratio: "16:9", duration: 5, seed: 42 })],
  [
    "submit-i2v",
    normalized({
      kind: "image-to-video",
      model: "1.0",
      prompt: "Make the cat in the picture run on the grass",
      image: "https://cdn.example.com/cat.png",
      duration: 5,
      seed: 42,
      callbackUrl: "https://your-domain.com/webhooks/video-task-completed",
    }),
  ],
  [
    "submit-r2v",
    normalized({
      kind: "reference-to-video",
      prompt: "character1 rides with the saddle from character2",
      images: [IMG1, IMG2],
      resolution: "1080P",
      ratio: "9:16",
      duration: 8,
    }),
  ],
  [
    "submit-edit",
    normalized({ kind: "video-edit", model: "1.0", prompt: "Make it snow", video: VID, images: [IMG2], audio: "regenerate" }),
  ],
]

describe("evolink", () => {
  it("authenticates with a bearer key", () => {
    expect(evolink.authHeaders(Redacted.make("k-123"))).toEqual({ Authorization: "Bearer k-123" })
    expect(evolink.defaultBaseUrl).toBe("https://api.evolink.ai")
  })

  it.each(submits)("encodes %s as the documented body", (name, request) => {
    const f = fixture("evolink", name)
    const wire = evolink.encodeSubmit(request, { stream: false })
    expect(wire).toMatchObject({ method: "POST", path: "/v1/videos/generations" })
    expect(wire.path).toBe(f.request?.path)
    expect(wire.body).toEqual(requestBodyOf(f))
  })

  it("spells quality in lower case and keeps the original sound on request", () => {
    const wire = evolink.encodeSubmit(
      normalized({ kind: "video-edit", model: "1.0", prompt: "p", video: VID, resolution: "1080P", audio: "keep" }),
      { stream: false },
    )
    expect(wire.body).toEqual({
      model: "happyhorse-1.0-video-edit",
      prompt: "p",
      video_urls: [VID],
      quality: "1080p",
      keep_original_sound: true,
    })
  })

  it.effect("decodes every receipt to the task id", () =>
    Effect.gen(function* () {
      for (const [name] of submits) {
        const receipt = successOf(yield* outcome(evolink.decodeSubmit(replyOf(fixture("evolink", name)))))
        expect(receipt).toEqual({ taskId: TID, gateway: "evolink" })
      }
    }),
  )

  it("queries /v1/tasks/{id}", () => {
    expect(evolink.encodeQuery(TID)).toEqual({ method: "GET", path: `/v1/tasks/${TID}` })
    expect(fixture("evolink", "query-pending").request?.path).toBe(`/v1/tasks/${TID}`)
  })

  const queries = [
    ["query-pending", { _tag: "Queued" }, "pending"],
    ["query-processing", { _tag: "Running", progress: 45 }, "processing"],
    ["query-completed", { _tag: "Succeeded", videoUrl: OUT }, "completed"],
    ["query-failed", { _tag: "Failed", code: "generation_failed", reason: "video generation failed" }, "failed"],
    ["query-cancelled", { _tag: "Canceled" }, "cancelled"],
  ] as const

  it.effect("maps every documented status", () =>
    Effect.gen(function* () {
      for (const [name, status, raw] of queries) {
        const snapshot = successOf(yield* outcome(evolink.decodeQuery(TID, replyOf(fixture("evolink", name)))))
        expect(snapshot, name).toEqual({ taskId: TID, gateway: "evolink", status, rawStatus: raw })
      }
    }),
  )

  it.effect("an unknown word is Unknown; completed without results is malformed", () =>
    Effect.gen(function* () {
      const odd = successOf(yield* outcome(evolink.decodeQuery(TID, { status: 200, headers: {}, body: { id: TID, status: "archived" } })))
      expect(odd.status).toEqual({ _tag: "Unknown", raw: "archived" })
      const empty = failureOf(
        yield* outcome(evolink.decodeQuery(TID, { status: 200, headers: {}, body: { id: TID, status: "completed", results: [] } })),
      )
      expect(empty._tag).toBe("MalformedReply")
    }),
  )

  it.effect("decodes the callback body, which is the query reply", () =>
    Effect.gen(function* () {
      const body = fixture("evolink", "callback-completed").request?.body
      const snapshot = yield* evolink.decodeCallback!(body)
      expect(snapshot).toEqual({ taskId: TID, gateway: "evolink", status: { _tag: "Succeeded", videoUrl: OUT }, rawStatus: "completed" })
      const bad = yield* Effect.either(evolink.decodeCallback!({ id: 7 }))
      expect(failureOf(bad)._tag).toBe("MalformedReply")
    }),
  )

  const errors = [
    [400, "GatewayError", { status: 400, code: "invalid_parameter" }],
    [401, "AuthError", { status: 401, detail: "Invalid API key" }],
    [402, "InsufficientBalance", { detail: "Insufficient balance" }],
    [403, "ContentRejected", { detail: "The prompt was rejected by content moderation" }],
    [404, "GatewayError", { status: 404, code: "task_not_found" }],
    [413, "GatewayError", { status: 413, code: "request_too_large" }],
    [429, "RateLimited", { retryAfterMs: 5000 }],
    [500, "GatewayError", { status: 500, code: "internal_error" }],
    [502, "GatewayError", { status: 502, code: "upstream_error" }],
    [503, "GatewayError", { status: 503, code: "service_unavailable" }],
  ] as const

  it.effect("classifies every documented error status", () =>
    Effect.gen(function* () {
      for (const [status, tag, fields] of errors) {
        const reply = replyOf(fixture("evolink", `error-${status}`))
        const onSubmit = failureOf(yield* outcome(evolink.decodeSubmit(reply)))
        expect(onSubmit._tag, String(status)).toBe(tag)
        expect(onSubmit, String(status)).toMatchObject({ gateway: "evolink", ...fields })
        const onQuery = failureOf(yield* outcome(evolink.decodeQuery(TID, reply)))
        expect(onQuery._tag, String(status)).toBe(tag)
      }
    }),
  )

  it.effect("a 429 without Retry-After has no wait", () =>
    Effect.gen(function* () {
      const reply = { status: 429, headers: {}, body: { error: { code: "rate_limit_exceeded", message: "slow" } } }
      const error = failureOf(yield* outcome(evolink.decodeSubmit(reply)))
      expect(error).toMatchObject({ _tag: "RateLimited", detail: "slow" })
      expect("retryAfterMs" in error && error.retryAfterMs !== undefined).toBe(false)
    }),
  )
})
