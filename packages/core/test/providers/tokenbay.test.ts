import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type { NormalizedRequest } from "../../src/domain/VideoRequest.js"
import { tokenbay } from "../../src/providers/tokenbay.js"
import { failureOf, outcome, successOf } from "./expect.js"
import { fixture, normalized, replyOf, requestBodyOf } from "./fixtures.js"

const PROMPT = "A white horse gallops along a beach at sunrise, slow camera pan"
const IMG1 = "https://cdn.example.com/horse.png"
const IMG2 = "https://cdn.example.com/saddle.png"
const OUT = "https://files.example.com/happyhorse/result.mp4"
const TID = "task_8Hc2kQ4mZp1R"

const submits: ReadonlyArray<readonly [string, NormalizedRequest]> = [
  ["submit-t2v", normalized({ kind: "text-to-video", model: "1.0", prompt: PROMPT, ratio: "16:9", duration: 5, seed: 42 })],
  [
    "submit-i2v",
    normalized({ kind: "image-to-video", model: "1.0", prompt: PROMPT, image: IMG1, resolution: "1080P", duration: 5 }),
  ],
  [
    "submit-r2v",
    normalized({
      kind: "reference-to-video",
      model: "1.0",
      prompt: "[Image 1] rides with the saddle from [Image 2]",
      images: [IMG1, IMG2],
      referenceType: "subject",
      ratio: "9:16",
      duration: 8,
    }),
  ],
]

describe("tokenbay", () => {
  it("authenticates with a bearer key", () => {
    expect(tokenbay.authHeaders(Redacted.make("k-123"))).toEqual({ Authorization: "Bearer k-123" })
    expect(tokenbay.defaultBaseUrl).toBe("https://api.tokenbay.com")
  })

  it.each(submits)("encodes %s as the documented body", (name, request) => {
    const f = fixture("tokenbay", name)
    const wire = tokenbay.encodeSubmit(request, { stream: false })
    expect(wire).toMatchObject({ method: "POST", path: "/v1/videos" })
    expect(wire.path).toBe(f.request?.path)
    expect(wire.body).toEqual(requestBodyOf(f))
  })

  it("puts the image-to-video frame in input_reference and never a ratio", () => {
    const wire = tokenbay.encodeSubmit(normalized({ kind: "image-to-video", model: "1.0", image: IMG1 }), { stream: false })
    expect(wire.body).toEqual({ model: "happyhorse-1.0-i2v", size: "720P", input_reference: IMG1, metadata: { watermark: false } })
  })

  it.effect("decodes every receipt to the task id", () =>
    Effect.gen(function* () {
      for (const [name] of submits) {
        const receipt = successOf(yield* outcome(tokenbay.decodeSubmit(replyOf(fixture("tokenbay", name)))))
        expect(receipt).toEqual({ taskId: TID, gateway: "tokenbay" })
      }
    }),
  )

  it.effect("a receipt with only id still names the task; one with neither is malformed", () =>
    Effect.gen(function* () {
      const only = successOf(yield* outcome(tokenbay.decodeSubmit({ status: 200, headers: {}, body: { id: "task_x" } })))
      expect(only.taskId).toBe("task_x")
      const none = failureOf(yield* outcome(tokenbay.decodeSubmit({ status: 200, headers: {}, body: { object: "video" } })))
      expect(none._tag).toBe("MalformedReply")
    }),
  )

  it("queries /v1/videos/{id} and downloads from its content path", () => {
    expect(tokenbay.encodeQuery(TID)).toEqual({ method: "GET", path: `/v1/videos/${TID}` })
    expect(fixture("tokenbay", "query-queued").request?.path).toBe(`/v1/videos/${TID}`)
    expect(tokenbay.contentPath?.(TID)).toBe(`/v1/videos/${TID}/content`)
  })

  const queries = [
    ["query-queued", { _tag: "Queued" }, "queued"],
    ["query-in-progress", { _tag: "Running", progress: 45 }, "in_progress"],
    ["query-completed-url", { _tag: "Succeeded", videoUrl: OUT }, "completed"],
    ["query-completed-no-url", { _tag: "Succeeded", videoUrl: `/v1/videos/${TID}/content` }, "completed"],
    ["query-failed", { _tag: "Failed", code: "generation_failed", reason: "content moderation failed on output" }, "failed"],
    ["query-seed-submitted", { _tag: "Queued" }, "SUBMITTED"],
    ["query-seed-in-progress", { _tag: "Running", progress: 50 }, "IN_PROGRESS"],
    ["query-seed-success", { _tag: "Succeeded", videoUrl: `/v1/videos/${TID}/content` }, "SUCCESS"],
    ["query-seed-failure", { _tag: "Failed", reason: "upstream task failed" }, "FAILURE"],
  ] as const

  it.effect("maps both status vocabularies", () =>
    Effect.gen(function* () {
      for (const [name, status, raw] of queries) {
        const snapshot = successOf(yield* outcome(tokenbay.decodeQuery(TID, replyOf(fixture("tokenbay", name)))))
        expect(snapshot, name).toEqual({ taskId: TID, gateway: "tokenbay", status, rawStatus: raw })
      }
    }),
  )

  const table = [
    ["queued", "Queued"],
    ["SUBMITTED", "Queued"],
    ["QUEUED", "Queued"],
    ["NOT_START", "Queued"],
    ["in_progress", "Running"],
    ["IN_PROGRESS", "Running"],
    ["completed", "Succeeded"],
    ["SUCCESS", "Succeeded"],
    ["failed", "Failed"],
    ["FAILURE", "Failed"],
    ["UNKNOWN", "Unknown"],
    ["paused", "Unknown"],
  ] as const

  it.effect("status vocabulary table", () =>
    Effect.gen(function* () {
      for (const [word, tag] of table) {
        const reply = { status: 200, headers: {}, body: { id: TID, status: word, progress: "12%" } }
        const snapshot = successOf(yield* outcome(tokenbay.decodeQuery(TID, reply)))
        expect(snapshot.status._tag, word).toBe(tag)
        expect(snapshot.rawStatus).toBe(word)
      }
    }),
  )

  it.effect("progress strings that are not numbers are dropped, not guessed", () =>
    Effect.gen(function* () {
      const reply = { status: 200, headers: {}, body: { id: TID, status: "IN_PROGRESS", progress: "soon" } }
      const snapshot = successOf(yield* outcome(tokenbay.decodeQuery(TID, reply)))
      expect(snapshot.status).toEqual({ _tag: "Running" })
    }),
  )

  const errors = [
    ["error-200-insufficient-quota", "InsufficientBalance", { detail: "user quota is not enough" }],
    ["error-200-sensitive", "ContentRejected", { detail: "sensitive words detected" }],
    ["error-200-invalid-request", "GatewayError", { status: 200, code: "model_not_found" }],
    ["error-200-invalid-token", "AuthError", { status: 200 }],
    ["error-401", "AuthError", { status: 401, detail: "invalid token" }],
    ["error-429", "RateLimited", { retryAfterMs: 7000 }],
    ["error-500", "GatewayError", { status: 500, code: "do_request_failed" }],
  ] as const

  it.effect("classifies errors, including business failures sent with HTTP 200", () =>
    Effect.gen(function* () {
      for (const [name, tag, fields] of errors) {
        const reply = replyOf(fixture("tokenbay", name))
        const onSubmit = failureOf(yield* outcome(tokenbay.decodeSubmit(reply)))
        expect(onSubmit._tag, name).toBe(tag)
        expect(onSubmit, name).toMatchObject({ gateway: "tokenbay", ...fields })
        const onQuery = failureOf(yield* outcome(tokenbay.decodeQuery(TID, reply)))
        expect(onQuery._tag, name).toBe(tag)
      }
    }),
  )

  it.effect("a rate limit at HTTP 200 reads Retry-After as an HTTP date", () =>
    Effect.gen(function* () {
      const inAMinute = new Date(1_700_000_060_000).toUTCString()
      const reply = {
        status: 200,
        receivedAt: 1_700_000_000_000,
        headers: { "retry-after": inAMinute },
        body: { error: { message: "slow down", type: "rate_limit_error", code: null } },
      }
      const error = failureOf(yield* outcome(tokenbay.decodeSubmit(reply)))
      expect(error._tag).toBe("RateLimited")
      if (error._tag === "RateLimited") {
        expect(error.retryAfterMs).toBeGreaterThan(50_000)
        expect(error.retryAfterMs).toBeLessThanOrEqual(60_000)
      }
    }),
  )
})
