import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type { NormalizedRequest } from "../../src/domain/VideoRequest.js"
import { dashscope } from "../../src/providers/dashscope.js"
import type { Dialect } from "../../src/providers/Dialect.js"
import { ttapi } from "../../src/providers/ttapi.js"
import { failureOf, outcome, successOf } from "./expect.js"
import { fixture, normalized, replyOf, requestBodyOf } from "./fixtures.js"

const PROMPT = "A white horse gallops along a beach at sunrise, slow camera pan"
const IMG1 = "https://cdn.example.com/horse.png"
const IMG2 = "https://cdn.example.com/saddle.png"
const VID = "https://cdn.example.com/ride.mp4"
const OUT = "https://files.example.com/happyhorse/result.mp4"
const TID = "0385dc79-5ff8-4d82-bcb6-caa7b6d1f8a1"

const submits: ReadonlyArray<readonly [string, NormalizedRequest]> = [
  ["submit-t2v", normalized({ kind: "text-to-video", prompt: PROMPT, ratio: "16:9", duration: 5, seed: 42 })],
  ["submit-i2v", normalized({ kind: "image-to-video", prompt: PROMPT, image: IMG1, resolution: "1080P", duration: 5 })],
  [
    "submit-r2v",
    normalized({
      kind: "reference-to-video",
      prompt: "character1 rides with the saddle from character2",
      images: [IMG1, IMG2],
      ratio: "9:16",
      duration: 8,
    }),
  ],
  [
    "submit-edit",
    normalized({ kind: "video-edit", model: "1.0", prompt: "Make it snow", video: VID, images: [IMG2], audio: "keep" }),
  ],
]

const cases: ReadonlyArray<readonly [Dialect, string]> = [
  [ttapi, "/happyhorse/api/v1"],
  [dashscope, "/api/v1"],
]

describe.each(cases)("Alibaba body on %s", (dialect, prefix) => {
  it.each(submits)("encodes %s as the documented body", (name, request) => {
    const f = fixture(dialect.name, name)
    const wire = dialect.encodeSubmit(request, { stream: false })
    expect(wire.method).toBe("POST")
    expect(wire.path).toBe(f.request?.path)
    expect(wire.path).toBe(`${prefix}/services/aigc/video-generation/video-synthesis`)
    expect(wire.body).toEqual(requestBodyOf(f))
  })

  it.effect("decodes every submit receipt to the task id", () =>
    Effect.gen(function* () {
      for (const [name] of submits) {
        const receipt = successOf(yield* outcome(dialect.decodeSubmit(replyOf(fixture(dialect.name, name)))))
        expect(receipt).toEqual({ taskId: TID, gateway: dialect.name })
      }
    }),
  )

  it("queries by task id", () => {
    const f = fixture(dialect.name, "query-pending")
    expect(dialect.encodeQuery(TID)).toEqual({ method: "GET", path: `${prefix}/tasks/${TID}` })
    expect(f.request?.path).toBe(`${prefix}/tasks/${TID}`)
  })

  it("keeps a strange task id inside its path segment", () => {
    expect(dialect.encodeQuery("a/../b?x=1").path).toBe(`${prefix}/tasks/a%2F..%2Fb%3Fx%3D1`)
  })

  const queries = [
    ["query-pending", { _tag: "Queued" }, "PENDING"],
    ["query-running", { _tag: "Running" }, "RUNNING"],
    ["query-succeeded", { _tag: "Succeeded", videoUrl: OUT, duration: 5, resolution: "720P" }, "SUCCEEDED"],
    ["query-failed", { _tag: "Failed", code: "InternalError", reason: "video generation failed, please retry" }, "FAILED"],
    ["query-canceled", { _tag: "Canceled" }, "CANCELED"],
    ["query-unknown", { _tag: "Expired", raw: "UNKNOWN" }, "UNKNOWN"],
  ] as const

  it.effect("maps every documented status", () =>
    Effect.gen(function* () {
      for (const [name, status, raw] of queries) {
        const snapshot = successOf(yield* outcome(dialect.decodeQuery(TID, replyOf(fixture(dialect.name, name)))))
        expect(snapshot).toEqual({ taskId: TID, gateway: dialect.name, status, rawStatus: raw })
      }
    }),
  )

  it.effect("an unknown status word is Unknown with the word kept", () =>
    Effect.gen(function* () {
      const reply = { status: 200, headers: {}, body: { output: { task_id: TID, task_status: "SUSPENDED" } } }
      const snapshot = successOf(yield* outcome(dialect.decodeQuery(TID, reply)))
      expect(snapshot.status).toEqual({ _tag: "Unknown", raw: "SUSPENDED" })
      expect(snapshot.rawStatus).toBe("SUSPENDED")
    }),
  )

  it.effect("SUCCEEDED without a video URL is a MalformedReply", () =>
    Effect.gen(function* () {
      const reply = { status: 200, headers: {}, body: { output: { task_id: TID, task_status: "SUCCEEDED" } } }
      const error = failureOf(yield* outcome(dialect.decodeQuery(TID, reply)))
      expect(error._tag).toBe("MalformedReply")
    }),
  )

  it.effect("prefers output_video_duration and reads SR given as a tier", () =>
    Effect.gen(function* () {
      const reply = {
        status: 200,
        headers: {},
        body: {
          output: { task_id: TID, task_status: "SUCCEEDED", video_url: OUT },
          usage: { duration: 20, output_video_duration: 10, SR: "1080p" },
        },
      }
      const snapshot = successOf(yield* outcome(dialect.decodeQuery(TID, reply)))
      expect(snapshot.status).toEqual({ _tag: "Succeeded", videoUrl: OUT, duration: 10, resolution: "1080P" })
    }),
  )

  it.effect("a 2xx body with no output is a MalformedReply with a preview", () =>
    Effect.gen(function* () {
      const error = failureOf(yield* outcome(dialect.decodeSubmit({ status: 200, headers: {}, body: { hello: 1 } })))
      expect(error._tag).toBe("MalformedReply")
      if (error._tag === "MalformedReply") expect(error.bodyPreview).toContain("hello")
    }),
  )

  it("sends regenerate as audio_setting auto, and nothing for kinds without audio", () => {
    const edit = dialect.encodeSubmit(
      normalized({ kind: "video-edit", model: "1.0", prompt: "p", video: VID, audio: "regenerate" }),
      { stream: false },
    )
    expect(edit.body).toMatchObject({ parameters: { audio_setting: "auto" } })
    const t2v = dialect.encodeSubmit(normalized({ kind: "text-to-video", prompt: "p", ratio: "1:1", duration: 3 }), {
      stream: false,
    })
    expect(t2v.body).toEqual({
      model: "happyhorse-1.1-t2v",
      input: { prompt: "p" },
      parameters: { resolution: "720P", ratio: "1:1", duration: 3, watermark: false },
    })
  })
})

describe("ttapi", () => {
  it("authenticates with TT-API-KEY", () => {
    expect(ttapi.authHeaders(Redacted.make("k-123"))).toEqual({ "TT-API-KEY": "k-123" })
    expect(ttapi.defaultBaseUrl).toBe("https://api.ttapi.io")
  })

  const errors = [
    ["error-400", "GatewayError", { status: 400, detail: "parameter error: duration must be between 3 and 15" }],
    ["error-400-sensitive", "ContentRejected", { detail: "prompt contains sensitive content" }],
    ["error-401", "AuthError", { status: 401, detail: "invalid TT-API-KEY" }],
    ["error-402", "InsufficientBalance", { detail: "insufficient balance, please recharge" }],
    ["error-429", "RateLimited", { retryAfterMs: 3000 }],
    ["error-499", "GatewayError", { status: 499 }],
    ["error-500", "GatewayError", { status: 500 }],
    ["error-504", "GatewayError", { status: 504, detail: "gateway timeout" }],
  ] as const

  it.effect("classifies every documented error reply, on submit and on query", () =>
    Effect.gen(function* () {
      for (const [name, tag, fields] of errors) {
        const reply = replyOf(fixture("ttapi", name))
        const onSubmit = failureOf(yield* outcome(ttapi.decodeSubmit(reply)))
        expect(onSubmit._tag, name).toBe(tag)
        expect(onSubmit, name).toMatchObject({ gateway: "ttapi", ...fields })
        const onQuery = failureOf(yield* outcome(ttapi.decodeQuery(TID, reply)))
        expect(onQuery._tag, name).toBe(tag)
      }
    }),
  )

  it.effect("an error shape at HTTP 200 is still an error", () =>
    Effect.gen(function* () {
      const reply = { status: 200, headers: {}, body: { status: "FAILED", message: "internal error" } }
      const error = failureOf(yield* outcome(ttapi.decodeSubmit(reply)))
      expect(error).toMatchObject({ _tag: "GatewayError", status: 200, detail: "internal error" })
    }),
  )

  it.effect("a 5xx with an HTML body is a GatewayError carrying a preview", () =>
    Effect.gen(function* () {
      const reply = { status: 502, headers: {}, body: "<html>Bad Gateway</html>" }
      const error = failureOf(yield* outcome(ttapi.decodeQuery(TID, reply)))
      expect(error).toMatchObject({ _tag: "GatewayError", status: 502 })
      expect(error.message).toContain("Bad Gateway")
    }),
  )
})

describe("dashscope", () => {
  it("authenticates with a bearer key and asks for an async task on submit only", () => {
    expect(dashscope.authHeaders(Redacted.make("k-123"))).toEqual({ Authorization: "Bearer k-123" })
    const submit = dashscope.encodeSubmit(normalized({ kind: "text-to-video", prompt: "p" }), { stream: false })
    expect(submit.headers).toEqual({ "X-DashScope-Async": "enable" })
    expect(fixture("dashscope", "submit-t2v").request?.headers?.["X-DashScope-Async"]).toBe("enable")
    expect(dashscope.encodeQuery(TID).headers).toBeUndefined()
  })

  const errors = [
    ["error-401-invalid-api-key", "AuthError", { status: 401 }],
    ["error-400-arrearage", "InsufficientBalance", {}],
    ["error-400-data-inspection", "ContentRejected", { detail: "Input data may contain inappropriate content." }],
    ["error-400-invalid-parameter", "GatewayError", { status: 400, code: "InvalidParameter" }],
    ["error-429-throttling", "RateLimited", { retryAfterMs: 10_000 }],
    ["error-500-internal", "GatewayError", { status: 500, code: "InternalError" }],
  ] as const

  it.effect("classifies every error code", () =>
    Effect.gen(function* () {
      for (const [name, tag, fields] of errors) {
        const error = failureOf(yield* outcome(dashscope.decodeSubmit(replyOf(fixture("dashscope", name)))))
        expect(error._tag, name).toBe(tag)
        expect(error, name).toMatchObject({ gateway: "dashscope", ...fields })
      }
    }),
  )

  it.effect("Arrearage is a balance problem whatever the HTTP status", () =>
    Effect.gen(function* () {
      const reply = { status: 403, headers: {}, body: { request_id: "r", code: "Arrearage", message: "overdue" } }
      const error = failureOf(yield* outcome(dashscope.decodeQuery(TID, reply)))
      expect(error._tag).toBe("InsufficientBalance")
    }),
  )
})
