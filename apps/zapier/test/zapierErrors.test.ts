import {
  AuthError,
  ContentRejected,
  GatewayError,
  InsufficientBalance,
  RateLimited,
  SubmitInDoubt,
  ValidationError,
  ValidationErrors,
} from "@happyhorse/core/node"
import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { createRequire } from "node:module"
import type { ZObject } from "zapier-platform-core"
import { DEFAULT_THROTTLE_SECONDS, toZapierError } from "../src/zapierErrors.js"

const require = createRequire(import.meta.url)
// Zapier's own error classes, as z.errors holds them.
const errors: ZObject["errors"] = require("zapier-platform-core").errors

const json = (error: Error): Record<string, unknown> => JSON.parse(error.message)

describe("toZapierError", () => {
  it("maps 429 to throttled with Retry-After rounded up to whole seconds", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3_600_000 }), (retryAfterMs) => {
        const mapped = toZapierError(errors, new RateLimited({ gateway: "tokenbay", retryAfterMs, detail: "slow down" }))
        expect(mapped).toBeInstanceOf(errors.ThrottledError)
        const { delay } = json(mapped)
        expect(delay).toBe(Math.max(1, Math.ceil(retryAfterMs / 1000)))
      }),
    )
  })

  it("throttles for a default delay when the gateway named none", () => {
    const mapped = toZapierError(errors, new RateLimited({ gateway: "evolink", detail: "busy" }))
    expect(json(mapped)).toMatchObject({ delay: DEFAULT_THROTTLE_SECONDS, message: "evolink rate limit: busy" })
  })

  it("halts on content rejection and on an empty balance, keeping the gateway's words", () => {
    const rejected = toZapierError(errors, new ContentRejected({ gateway: "acedata", detail: "policy: violence" }))
    expect(rejected).toBeInstanceOf(errors.HaltedError)
    expect(rejected.message).toContain("policy: violence")
    const broke = toZapierError(errors, new InsufficientBalance({ gateway: "ttapi", detail: "balance 0.00" }))
    expect(broke).toBeInstanceOf(errors.HaltedError)
    expect(broke.message).toContain("balance 0.00")
  })

  it("expires auth on a refused key", () => {
    const mapped = toZapierError(errors, new AuthError({ gateway: "dashscope", status: 401, detail: "InvalidApiKey" }))
    expect(mapped).toBeInstanceOf(errors.ExpiredAuthError)
    expect(mapped.message).toContain("HTTP 401")
  })

  it("gives a plain error, coded with the tag and the HTTP status, for the rest", () => {
    const gateway = toZapierError(errors, new GatewayError({ gateway: "evolink", operation: "submit", status: 502, detail: "bad gateway" }))
    expect(gateway).toBeInstanceOf(errors.Error)
    expect(json(gateway)).toMatchObject({ code: "GatewayError", status: 502 })
    const doubt = toZapierError(errors, new SubmitInDoubt({ gateway: "ttapi", reason: "socket reset", sentAt: 1 }))
    expect(json(doubt)).toMatchObject({ code: "SubmitInDoubt" })
    expect(String(json(doubt)["message"])).toMatch(/not resent/)
    const invalid = toZapierError(
      errors,
      new ValidationErrors({ errors: [new ValidationError({ field: "duration", value: "99", rule: "must be 3 to 15" })] }),
    )
    expect(json(invalid)).toMatchObject({ code: "ValidationErrors", message: "duration: must be 3 to 15 (got 99)" })
  })

  it("passes Zapier's own errors through and wraps anything unknown", () => {
    const halted = new errors.HaltedError("stop")
    expect(toZapierError(errors, halted)).toBe(halted)
    expect(json(toZapierError(errors, new Error("boom")))).toMatchObject({ code: "Unexpected", message: "boom" })
    const timeout = new DOMException("signal timed out", "TimeoutError")
    expect(json(toZapierError(errors, timeout))).toMatchObject({ code: "Timeout" })
  })

  it("in a submitting step, anything a replay could pay for twice halts, naming the task or the request", () => {
    const submit = { submit: { request: "this step's Text to Video request (no task id came back)" } }
    const doubt = toZapierError(errors, new SubmitInDoubt({ gateway: "ttapi", reason: "socket reset", sentAt: 1 }), submit)
    expect(doubt.name).toBe("HaltedError")
    expect(doubt.message).toContain("It may have been billed: this step's Text to Video request")
    expect(doubt.message).toContain("so you do not pay twice")
    // The submit stopped at its deadline, mid-flight: the task may exist.
    const stopped = toZapierError(errors, new DOMException("signal timed out", "TimeoutError"), submit)
    expect(stopped.name).toBe("HaltedError")
    // Refused before anything was made: safe to resend, so Zapier may replay as usual.
    const limited = toZapierError(errors, new RateLimited({ gateway: "ttapi", detail: "busy" }), submit)
    expect(limited.name).toBe("ThrottledError")
    const invalid = toZapierError(errors, new ValidationErrors({ errors: [new ValidationError({ field: "prompt", value: "", rule: "is required" })] }), submit)
    expect(invalid.name).not.toBe("HaltedError")
  })
})
