import { describe, expect, it } from "@effect/vitest"
import {
  AuthError,
  BudgetExceeded,
  ContentRejected,
  DownloadFailed,
  GatewayError,
  InsufficientBalance,
  RateLimited,
  ResultExpired,
  SubmitInDoubt,
  TaskFailed,
  TransportError,
  ValidationError,
  ValidationErrors,
  WatchTimeout,
} from "@happyhorse/core"
import * as fc from "fast-check"
import { MissingApiKey } from "../src/domain/ExtensionErrors.js"
import { describeError } from "../src/messages/describeError.js"

describe("describeError", () => {
  it("a refused key says so and offers to set it", () => {
    const m = describeError(new AuthError({ gateway: "ttapi", status: 401, detail: "invalid token" }))
    expect(m.severity).toBe("error")
    expect(m.text).toContain("refused the API key")
    expect(m.actions).toContain("Set API Key")
  })

  it("no balance tells the user to top up and that nothing was charged", () => {
    const m = describeError(new InsufficientBalance({ gateway: "evolink", detail: "quota exhausted" }))
    expect(m.text).toMatch(/balance is too low/)
    expect(m.text).toMatch(/Top up/)
    expect(m.text).toMatch(/Nothing was charged/)
  })

  it("content rejection suggests rephrasing", () => {
    const m = describeError(new ContentRejected({ gateway: "dashscope", detail: "DataInspectionFailed" }))
    expect(m.text).toContain("DataInspectionFailed")
    expect(m.text).toMatch(/Rephrase/)
  })

  it("a timeout says the task may still finish and offers to keep watching", () => {
    const m = describeError(new WatchTimeout({ gateway: "ttapi", taskId: "t-9", elapsedMs: 600_000, lastStatus: "RUNNING" }))
    expect(m.severity).toBe("warning")
    expect(m.text).toContain("t-9")
    expect(m.text).toMatch(/may still finish/)
    expect(m.actions).toContain("Keep Watching")
  })

  it("an in-doubt submit warns against paying twice and was not resent", () => {
    const m = describeError(new SubmitInDoubt({ gateway: "acedata", reason: "connection reset after send", sentAt: 1 }))
    expect(m.text).toMatch(/NOT resent/)
    expect(m.text).toMatch(/dashboard/)
    expect(m.actions).toContain("Show Tasks")
  })

  it("a missing key offers the key and the provider", () => {
    const m = describeError(new MissingApiKey({ provider: "tokenbay" }))
    expect(m.text).toContain("tokenbay")
    expect(m.actions).toEqual(["Set API Key", "Select Provider"])
  })

  it("a rate limit gives the wait when known", () => {
    expect(describeError(new RateLimited({ gateway: "ttapi", retryAfterMs: 2500, detail: "slow down" })).text).toContain("3 s")
  })

  it("validation errors say nothing was sent", () => {
    const m = describeError(new ValidationErrors({ errors: [new ValidationError({ field: "prompt", value: '""', rule: "must not be empty" })] }))
    expect(m.text).toMatch(/prompt: must not be empty/)
    expect(m.text).toMatch(/Nothing was sent/)
  })

  it("an abort is a quiet info", () => {
    expect(describeError(new DOMException("aborted", "AbortError")).severity).toBe("info")
  })

  it("every typed error gets a sentence of its own, not the generic fallback", () => {
    const errors = [
      new TaskFailed({ gateway: "ttapi", taskId: "t", reason: "bad frame" }),
      new ResultExpired({ gateway: "ttapi", taskId: "t", detail: "gone" }),
      new DownloadFailed({ url: "https://cdn.example/v.mp4", reason: "truncated" }),
      new TransportError({ gateway: "ttapi", operation: "query", detail: "ECONNREFUSED" }),
      new GatewayError({ gateway: "ttapi", operation: "submit", status: 503, detail: "busy" }),
      new BudgetExceeded({ estimateUsd: 2, limitUsd: 1, spentUsd: 0 }),
    ]
    for (const error of errors) expect(describeError(error).text.startsWith("HappyHorse: ")).toBe(false)
  })

  it("anything else still yields a non-empty message", () =>
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const m = describeError(value)
        expect(m.text.length).toBeGreaterThan(0)
      }),
    ))
})
