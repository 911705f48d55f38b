import { describe, expect, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as fc from "effect/FastCheck"
import {
  DownloadFailed,
  GatewayError,
  HappyHorseError,
  RateLimited,
  SubmitInDoubt,
  TaskFailed,
  TransportError,
  ValidationErrors,
} from "../../src/index.js"
import { errorTags, explainError, isHappyHorseError } from "../../src/surface/index.js"

// Any error the core declares, from the classes' own schemas.
const anyError = Arbitrary.make(HappyHorseError)

// Outcomes where the task may exist and be (or have been) charged.
const inDoubt = new Set(["SubmitInDoubt", "WatchTimeout", "DownloadFailed", "ResultExpired"])

describe("explainError", () => {
  it("explains every error tag the core declares", () => {
    expect(new Set(errorTags).size).toBe(HappyHorseError.members.length)
    const seen = new Set<string>()
    fc.assert(fc.property(anyError, (error) => void seen.add(error._tag)), { numRuns: 2000 })
    expect([...seen].sort()).toEqual([...errorTags].sort())
    fc.assert(
      fc.property(anyError, (error) => {
        expect(isHappyHorseError(error)).toBe(true)
        const explained = explainError(error)
        expect(explained.tag).toBe(error._tag)
        expect(explained.category).not.toBe("unexpected")
        expect(explained.title).toBe(error.message)
        expect(explained.hint.length).toBeGreaterThan(10)
        expect(JSON.parse(JSON.stringify(explained))).toMatchObject({ tag: error._tag })
      }),
    )
  })

  it("never calls an in-doubt outcome safe to resend", () => {
    fc.assert(
      fc.property(anyError, (error) => {
        if (inDoubt.has(error._tag)) expect(explainError(error).safeToResend).toBe(false)
      }),
    )
  })

  it("once a task exists, only an end no gateway bills is safe to resend", () => {
    const unbilled = new Set(["TaskFailed", "TaskCanceled", "ContentRejected"])
    fc.assert(
      fc.property(anyError, fc.string({ minLength: 1 }), (error, taskId) => {
        const { safeToResend } = explainError(error, { taskId })
        if (!unbilled.has(error._tag)) expect(safeToResend).toBe(false)
      }),
    )
  })

  it("a failure on a status read means the task exists: not safe to resend", () => {
    const read = new TransportError({ gateway: "evolink", operation: "query", detail: "reset" })
    expect(explainError(read)).toMatchObject({ retryable: true, safeToResend: false })
    const atSubmit = new TransportError({ gateway: "evolink", operation: "submit", detail: "refused" })
    expect(explainError(atSubmit)).toMatchObject({ category: "network", retryable: true, safeToResend: true })
  })

  it("carries the gateway's Retry-After, and tells a 5xx from a 4xx", () => {
    expect(explainError(new RateLimited({ gateway: "ttapi", detail: "slow", retryAfterMs: 3000 }))).toMatchObject({
      category: "rate-limit",
      retryable: true,
      safeToResend: true,
      retryAfterMs: 3000,
    })
    expect(explainError(new GatewayError({ gateway: "ttapi", operation: "submit", status: 400, detail: "bad" })).retryable).toBe(false)
    expect(explainError(new GatewayError({ gateway: "ttapi", operation: "query", status: 503, detail: "down" })).retryable).toBe(true)
  })

  it("says plainly what in doubt, failed, undelivered and invalid mean", () => {
    expect(explainError(new SubmitInDoubt({ gateway: "acedata", reason: "reset", sentAt: 0 }))).toMatchObject({
      category: "in-doubt",
      retryable: false,
      safeToResend: false,
    })
    expect(explainError(new TaskFailed({ gateway: "acedata", taskId: "t", reason: "x" }))).toMatchObject({ safeToResend: true })
    expect(explainError(new DownloadFailed({ url: "https://cdn/x", reason: "cut" }))).toMatchObject({
      retryable: true,
      safeToResend: false,
    })
    expect(explainError(new ValidationErrors({ errors: [] }))).toMatchObject({ category: "input", safeToResend: true })
  })

  it("treats anything else, an abort included, as unsafe to resend", () => {
    expect(explainError(new Error("boom"))).toMatchObject({ category: "unexpected", safeToResend: false })
    expect(explainError(new DOMException("stop", "AbortError"))).toMatchObject({ category: "canceled", safeToResend: false })
    expect(explainError("text")).toMatchObject({ tag: "Error", safeToResend: false })
    expect(isHappyHorseError({ _tag: "NotOurs" })).toBe(false)
  })
})
