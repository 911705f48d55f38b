import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type { NormalizedRequest } from "../../src/domain/VideoRequest.js"
import { acedata } from "../../src/providers/acedata.js"
import { failureOf, outcome, successOf } from "./expect.js"
import { fixture, normalized, pickLike, replyOf, requestBodyOf } from "./fixtures.js"

const HORSE =
  "A cinematic white horse lifts its head, the mane moves gently in the sunrise wind, slow camera push in, warm film lighting"
const IMG_A = "https://cdn.acedata.cloud/b1c82e4937.png"
const IMG_B = "https://cdn.acedata.cloud/eb75d88a3f.png"
const SEED_VIDEO = "https://platform2.cdn.acedata.cloud/happyhorse/27837f92-d1c1-4db4-ad9a-4e6e81d9f6c1.mp4"
const OUT = "https://files.example.com/happyhorse/result.mp4"
const TID = "b8976e18-32dc-4718-9ed8-1ea090fcb6ea"

// Seed 004's verbatim bodies: we send every field they show with the same value (and a few more).
const documented: ReadonlyArray<readonly [string, NormalizedRequest]> = [
  ["submit-t2v-blocking", normalized({ kind: "text-to-video", prompt: HORSE, ratio: "16:9", duration: 5 })],
  ["submit-i2v", normalized({ kind: "image-to-video", prompt: HORSE, image: IMG_A, resolution: "1080P", duration: 5 })],
  [
    "submit-r2v",
    normalized({
      kind: "reference-to-video",
      prompt: "character1 walks forward through a sunrise meadow with the warm leather and gold trim style from character2",
      images: [IMG_A, IMG_B],
      ratio: "16:9",
      duration: 5,
    }),
  ],
  [
    "submit-edit",
    normalized({
      kind: "video-edit",
      model: "1.0",
      prompt: "Apply the warm leather and gold trim style from the reference image while preserving the original camera motion",
      video: SEED_VIDEO,
      images: [IMG_B],
      audio: "regenerate",
    }),
  ],
  [
    "submit-callback",
    normalized({
      kind: "text-to-video",
      prompt: "A horse running through a snowy forest",
      ratio: "16:9",
      duration: 5,
      callbackUrl: "https://your-domain.com/callback/happyhorse",
    }),
  ],
]

describe("acedata", () => {
  it("authenticates with a bearer key", () => {
    expect(acedata.authHeaders(Redacted.make("k-123"))).toEqual({ authorization: "Bearer k-123" })
    expect(acedata.defaultBaseUrl).toBe("https://api.acedata.cloud")
  })

  it.each(documented)("sends every field of the documented %s body with the same value", (name, request) => {
    const f = fixture("acedata", name)
    const wire = acedata.encodeSubmit(request, { stream: false })
    expect(wire).toMatchObject({ method: "POST", path: "/happyhorse/videos", headers: { accept: "application/json" } })
    expect(wire.path).toBe(f.request?.path)
    const doc = requestBodyOf(f)
    expect(pickLike(wire.body, doc)).toEqual(doc)
    // The rest is our explicit values: never left to the gateway's defaults, and never blocking.
    expect(wire.body).toMatchObject({ watermark: false, async: true, resolution: request.resolution })
  })

  it("encodes the async request exactly", () => {
    const f = fixture("acedata", "submit-async")
    const request = normalized({ kind: "text-to-video", prompt: "A white horse gallops along a beach at sunrise, slow camera pan", ratio: "16:9", duration: 5, seed: 42 })
    expect(acedata.encodeSubmit(request, { stream: false }).body).toEqual(requestBodyOf(f))
  })

  it("a streamed submit drops async and asks for NDJSON", () => {
    const f = fixture("acedata", "stream-lines")
    const request = normalized({ kind: "text-to-video", prompt: "A white horse gallops along a beach at sunrise, slow camera pan", ratio: "16:9", duration: 5 })
    const wire = acedata.encodeSubmit(request, { stream: true })
    expect(wire.headers).toEqual({ accept: "application/x-ndjson" })
    expect(f.request?.headers?.accept).toBe("application/x-ndjson")
    expect(wire.body).toEqual(requestBodyOf(f))
    expect(wire.body).not.toHaveProperty("async")
  })

  it("keeps the original audio as origin", () => {
    const wire = acedata.encodeSubmit(
      normalized({ kind: "video-edit", model: "1.0", prompt: "p", video: SEED_VIDEO, audio: "keep", seed: 0 }),
      { stream: false },
    )
    expect(wire.body).toEqual({
      action: "video_edit",
      model: "happyhorse-1.0-video-edit",
      prompt: "p",
      video_url: SEED_VIDEO,
      resolution: "720P",
      watermark: false,
      audio_setting: "origin",
      seed: 0,
      async: true,
    })
  })

  it.effect("a blocking reply is a receipt with its finished snapshot", () =>
    Effect.gen(function* () {
      const receipt = successOf(yield* outcome(acedata.decodeSubmit(replyOf(fixture("acedata", "submit-t2v-blocking")))))
      const taskId = "27837f92-d1c1-4db4-ad9a-4e6e81d9f6c1"
      expect(receipt).toEqual({
        taskId,
        gateway: "acedata",
        snapshot: {
          taskId,
          gateway: "acedata",
          status: { _tag: "Succeeded", videoUrl: SEED_VIDEO, duration: 5, resolution: "720P" },
          rawStatus: "succeeded",
        },
      })
    }),
  )

  it.effect("an async or callback reply is only the task id", () =>
    Effect.gen(function* () {
      for (const name of ["submit-async", "submit-callback"]) {
        const receipt = successOf(yield* outcome(acedata.decodeSubmit(replyOf(fixture("acedata", name)))))
        expect(receipt).toEqual({ taskId: TID, gateway: "acedata" })
      }
    }),
  )

  it.effect("reads each NDJSON line as a snapshot", () =>
    Effect.gen(function* () {
      const lines = fixture("acedata", "stream-lines").lines ?? []
      const snapshots = yield* Effect.forEach(lines, (line) => acedata.decodeStreamLine!(line))
      expect(snapshots.map((s) => s.status)).toEqual([
        { _tag: "Queued" },
        { _tag: "Running" },
        { _tag: "Succeeded", videoUrl: OUT, duration: 5, resolution: "720P" },
      ])
      expect(snapshots.every((s) => s.taskId === TID)).toBe(true)
      const error = failureOf(yield* Effect.either(acedata.decodeStreamLine!({ error: { code: "used_up", message: "no money" } })))
      expect(error._tag).toBe("InsufficientBalance")
    }),
  )

  it.effect("decodes the callback body, which is the blocking reply", () =>
    Effect.gen(function* () {
      const snapshot = yield* acedata.decodeCallback!(fixture("acedata", "callback-succeeded").request?.body)
      expect(snapshot.status).toEqual({ _tag: "Succeeded", videoUrl: SEED_VIDEO, duration: 5, resolution: "720P" })
      expect(snapshot.taskId).toBe("27837f92-d1c1-4db4-ad9a-4e6e81d9f6c1")
      const bad = yield* Effect.either(acedata.decodeCallback!({ error: { code: "used_up" } }))
      expect(failureOf(bad)._tag).toBe("MalformedReply")
    }),
  )

  it("retrieves through the Tasks API", () => {
    expect(acedata.encodeQuery(TID)).toMatchObject({ method: "POST", path: "/happyhorse/tasks", body: { id: TID, action: "retrieve" } })
    expect(acedata.encodeQuery(TID).body).toEqual(requestBodyOf(fixture("acedata", "retrieve-running")))
    expect(acedata.encodeBatchQuery?.([TID, "5c1d9a0e-7b43-4f0f-9a51-2b0d6f3e8c77"]).body).toEqual(
      requestBodyOf(fixture("acedata", "retrieve-batch")),
    )
  })

  const retrieves = [
    ["retrieve-no-response", { _tag: "Queued" }, "pending"],
    ["retrieve-pending-started", { _tag: "Running" }, "pending"],
    ["retrieve-running", { _tag: "Running" }, "running"],
    ["retrieve-succeeded", { _tag: "Succeeded", videoUrl: OUT, duration: 5, resolution: "720P" }, "succeeded"],
    ["retrieve-error", { _tag: "Failed", code: "api_error", reason: "upstream generation failed" }, "error"],
  ] as const

  it.effect("maps every retrieve state", () =>
    Effect.gen(function* () {
      for (const [name, status, raw] of retrieves) {
        const snapshot = successOf(yield* outcome(acedata.decodeQuery(TID, replyOf(fixture("acedata", name)))))
        expect(snapshot, name).toEqual({ taskId: TID, gateway: "acedata", status, rawStatus: raw })
      }
    }),
  )

  it.effect("an unknown state is Unknown; succeeded without a URL is malformed", () =>
    Effect.gen(function* () {
      const body = (state: string) => ({ id: TID, response: { success: true, task_id: TID, data: [{ state }] } })
      const odd = successOf(yield* outcome(acedata.decodeQuery(TID, { status: 200, headers: {}, body: body("frozen") })))
      expect(odd.status).toEqual({ _tag: "Unknown", raw: "frozen" })
      const empty = failureOf(yield* outcome(acedata.decodeQuery(TID, { status: 200, headers: {}, body: body("succeeded") })))
      expect(empty._tag).toBe("MalformedReply")
    }),
  )

  it.effect("decodes a batch retrieve item by item", () =>
    Effect.gen(function* () {
      const snapshots = successOf(yield* outcome(acedata.decodeBatchQuery!(replyOf(fixture("acedata", "retrieve-batch")))))
      expect(snapshots.map((s) => [s.taskId, s.status._tag])).toEqual([
        [TID, "Succeeded"],
        ["5c1d9a0e-7b43-4f0f-9a51-2b0d6f3e8c77", "Queued"],
      ])
    }),
  )

  const errors = [
    ["error-400-bad-request", "GatewayError", { status: 400, code: "bad_request" }],
    ["error-401-invalid-token", "AuthError", { status: 401 }],
    ["error-403-used-up", "InsufficientBalance", { detail: "insufficient balance, please recharge" }],
    ["error-403-content", "ContentRejected", { detail: "the prompt hit content review and was rejected" }],
    ["error-429-too-many-requests", "RateLimited", { retryAfterMs: 30_000 }],
    ["error-500-api-error", "GatewayError", { status: 500, code: "api_error" }],
  ] as const

  it.effect("classifies every documented error, on submit, query and batch", () =>
    Effect.gen(function* () {
      for (const [name, tag, fields] of errors) {
        const reply = replyOf(fixture("acedata", name))
        const onSubmit = failureOf(yield* outcome(acedata.decodeSubmit(reply)))
        expect(onSubmit._tag, name).toBe(tag)
        expect(onSubmit, name).toMatchObject({ gateway: "acedata", ...fields })
        expect(failureOf(yield* outcome(acedata.decodeQuery(TID, reply)))._tag, name).toBe(tag)
        expect(failureOf(yield* outcome(acedata.decodeBatchQuery!(reply)))._tag, name).toBe(tag)
      }
    }),
  )

  it.effect("any 403 other than used_up is a content rejection", () =>
    Effect.gen(function* () {
      const reply = { status: 403, headers: {}, body: { error: { code: "whatever", message: "no" }, trace_id: "t" } }
      expect(failureOf(yield* outcome(acedata.decodeSubmit(reply)))._tag).toBe("ContentRejected")
    }),
  )
})
