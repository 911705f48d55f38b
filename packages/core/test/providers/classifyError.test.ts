import { describe, expect, it } from "@effect/vitest"
import { classifyError, type ErrorFacts } from "../../src/providers/classifyError.js"

const reply = (status: number, headers: Record<string, string> = {}) => ({ status, headers, body: { any: "thing" }, receivedAt: Date.UTC(2026, 0, 1) })
const facts = (code: string | undefined, message?: string, type?: string): ErrorFacts => ({ code, message, type })

describe("classifyError", () => {
  const table = [
    // by HTTP status
    [401, undefined, undefined, "AuthError"],
    [402, undefined, undefined, "InsufficientBalance"],
    [429, undefined, undefined, "RateLimited"],
    [400, undefined, "bad prompt", "GatewayError"],
    [404, "not_found", undefined, "GatewayError"],
    [500, undefined, undefined, "GatewayError"],
    [503, "service_unavailable", undefined, "GatewayError"],
    // by code, whatever the status (TokenBay answers these with HTTP 200)
    [200, "invalid_api_key", undefined, "AuthError"],
    [400, "InvalidApiKey", undefined, "AuthError"],
    [403, "invalid_token", undefined, "AuthError"],
    [200, "insufficient_user_quota", undefined, "InsufficientBalance"],
    [200, "quota_not_enough", undefined, "InsufficientBalance"],
    [403, "used_up", undefined, "InsufficientBalance"],
    [400, "Arrearage", undefined, "InsufficientBalance"],
    [200, "rate_limit_exceeded", undefined, "RateLimited"],
    [400, "Throttling.RateQuota", undefined, "RateLimited"],
    [200, "too_many_requests", undefined, "RateLimited"],
    [400, "DataInspectionFailed", undefined, "ContentRejected"],
    [200, "sensitive_words_detected", undefined, "ContentRejected"],
    [403, "content_policy_violation", undefined, "ContentRejected"],
    [400, undefined, "The prompt was flagged by content moderation", "ContentRejected"],
    [400, "bad_request", "duration must be between 3 and 15", "GatewayError"],
    [200, "model_not_found", undefined, "GatewayError"],
  ] as const

  it.each(table)("HTTP %s with code %s and message %s is %s", (status, code, message, tag) => {
    expect(classifyError("tokenbay", "submit", reply(status), facts(code, message))._tag).toBe(tag)
  })

  it("a type such as authentication_error counts like a code", () => {
    expect(classifyError("evolink", "submit", reply(400), facts(undefined, "x", "authentication_error"))._tag).toBe("AuthError")
  })

  it("a 403 is content only where the gateway says so (AceData)", () => {
    expect(classifyError("acedata", "submit", reply(403), facts("forbidden", "no"), { forbiddenIsContent: true })._tag).toBe(
      "ContentRejected",
    )
    expect(classifyError("evolink", "submit", reply(403), facts("forbidden", "no"))._tag).toBe("GatewayError")
  })

  it("RateLimited carries Retry-After in milliseconds, as seconds or as a date", () => {
    const seconds = classifyError("acedata", "query", reply(429, { "retry-after": "12" }), facts("too_many_requests", "slow"))
    expect(seconds).toMatchObject({ _tag: "RateLimited", retryAfterMs: 12_000, detail: "slow" })
    const past = classifyError("acedata", "query", reply(429, { "retry-after": "Wed, 21 Oct 2015 07:28:00 GMT" }), undefined)
    expect(past).toMatchObject({ _tag: "RateLimited", retryAfterMs: 0 })
    const none = classifyError("acedata", "query", reply(429, { "retry-after": "soon" }), undefined)
    expect(none).toMatchObject({ _tag: "RateLimited" })
    expect(none._tag === "RateLimited" && none.retryAfterMs === undefined).toBe(true)
  })

  it("GatewayError keeps status, code, operation and the message as detail", () => {
    const error = classifyError("evolink", "query", reply(502), facts("upstream_error", "Upstream service error"))
    expect(error).toMatchObject({ _tag: "GatewayError", gateway: "evolink", operation: "query", status: 502, code: "upstream_error", detail: "Upstream service error" })
    expect(error.message).toBe("evolink query failed HTTP 502 [upstream_error]: Upstream service error")
  })

  it("with no message the detail is a short preview of the body", () => {
    const error = classifyError("ttapi", "submit", { status: 500, headers: {}, body: "x".repeat(1000) }, undefined)
    expect(error._tag).toBe("GatewayError")
    if (error._tag === "GatewayError") expect(error.detail.length).toBeLessThanOrEqual(200)
  })

  it("a very long message is cut", () => {
    const error = classifyError("ttapi", "submit", reply(500), facts(undefined, "y".repeat(5000)))
    expect(error._tag === "GatewayError" && error.detail.length === 300).toBe(true)
  })
})

describe("errors carry the gateway's request or trace id", () => {
  it("AceData's trace_id, an OpenAI-style request_id, or the x-request-id header", async () => {
    const { acedata } = await import("../../src/providers/acedata.js")
    const { tokenbay } = await import("../../src/providers/tokenbay.js")
    const { Effect } = await import("effect")
    const ace = await Effect.runPromise(
      Effect.flip(
        acedata.decodeSubmit({ status: 401, headers: {}, body: { error: { code: "invalid_token", message: "bad key" }, trace_id: "trace-42" } }),
      ),
    )
    expect(ace).toMatchObject({ _tag: "AuthError", requestId: "trace-42" })
    expect(ace.message).toContain("trace-42")
    const openAi = await Effect.runPromise(
      Effect.flip(
        tokenbay.decodeSubmit({
          status: 400,
          headers: {},
          body: { error: { message: "nope", type: "invalid_request_error", code: "bad_thing" }, request_id: "req-7" },
        }),
      ),
    )
    expect(openAi).toMatchObject({ _tag: "GatewayError", requestId: "req-7" })
    const header = classifyError("evolink", "query", { status: 502, headers: { "x-request-id": "hdr-1" }, body: "" }, undefined)
    expect(header).toMatchObject({ requestId: "hdr-1" })
  })
})
