import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"
import fc from "fast-check"
import type { GatewayName } from "../../src/domain/Gateway.js"
import { getTask } from "../../src/lifecycle/query.js"
import { submit } from "../../src/lifecycle/submit.js"
import { redactText, redactValue } from "../../src/security/redact.js"
import { normalized } from "../support/requests.js"
import { status } from "../support/ttapiBodies.js"
import { CANARY_KEY, gatewayLayer, scriptedHttp, type Step } from "../support/scriptedHttp.js"

const gateways: ReadonlyArray<GatewayName> = ["ttapi", "tokenbay", "evolink", "acedata", "dashscope"]
const request = normalized({ kind: "text-to-video", prompt: "a canary", duration: 5 })

/** Gateways that echo the key: in a JSON error, in plain text, and in a reply header. */
const echoes: ReadonlyArray<readonly [string, Step]> = [
  ["a JSON 401", { status: 401, body: { error: { message: `Incorrect API key provided: ${CANARY_KEY}`, code: "invalid_api_key" } } }],
  ["a JSON 400 with the header", { status: 400, body: { detail: { headers: { authorization: `Bearer ${CANARY_KEY}` } } } }],
  ["a plain-text 500", { status: 500, body: `upstream failed\nAuthorization: Bearer ${CANARY_KEY}\nTT-API-KEY: ${CANARY_KEY}` }],
  ["a plain-text 502 with x-api-key", { status: 502, body: `bad gateway (x-api-key=${CANARY_KEY})` }],
  ["a header and a 200 it cannot read", { status: 200, body: { echo: CANARY_KEY }, headers: { "x-echo": `Bearer ${CANARY_KEY}` } }],
]

/** Everything an error exposes to whoever stores or prints it. */
const exposed = (error: unknown): string =>
  [JSON.stringify(error), String(error), error instanceof Error ? error.message : ""].join("\n")

describe("a key a gateway echoes is removed before any error is built", () => {
  for (const gateway of gateways) {
    for (const [what, step] of echoes) {
      it.effect(`${gateway}: submit answered with ${what}`, () =>
        Effect.gen(function* () {
          const http = scriptedHttp([step])
          const fiber = yield* Effect.fork(
            Effect.flip(submit(request).pipe(Effect.provide(http.layer), Effect.provide(gatewayLayer(gateway, { rateLimitRetries: 0 })))),
          )
          yield* TestClock.adjust("10 minutes")
          const error = yield* Fiber.join(fiber)
          expect(exposed(error)).not.toContain(CANARY_KEY)
          expect(exposed(error)).not.toMatch(/bearer\s+sk-/i)
        }),
      )
      it.effect(`${gateway}: a status read answered with ${what}`, () =>
        Effect.gen(function* () {
          const http = scriptedHttp([step])
          const fiber = yield* Effect.fork(
            Effect.flip(getTask("t-1").pipe(Effect.provide(http.layer), Effect.provide(gatewayLayer(gateway)))),
          )
          yield* TestClock.adjust("1 hour")
          const error = yield* Fiber.join(fiber)
          expect(exposed(error)).not.toContain(CANARY_KEY)
        }),
      )
    }
  }

  it("a failed task's reason that quotes the key loses it", () =>
    Effect.gen(function* () {
      const http = scriptedHttp([
        { status: 200, body: status("t-1", "FAILED", { code: "Forbidden", message: `key ${CANARY_KEY} is not allowed` }) },
      ])
      const snapshot = yield* getTask("t-1").pipe(Effect.provide(http.layer), Effect.provide(gatewayLayer("ttapi")), Effect.either)
      expect(JSON.stringify(snapshot)).not.toContain(CANARY_KEY)
    }).pipe(Effect.runPromise))
})

describe("redactText", () => {
  it("removes a known secret wherever it sits, raw, JSON-escaped or URL-encoded", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 4, maxLength: 40 }),
        fc.string(),
        fc.string(),
        (secret, before, after) => {
          for (const text of [`${before}${secret}${after}`, `${before}${JSON.stringify(secret)}${after}`, `${before}${encodeURIComponent(secret)}${after}`]) {
            expect(redactText(text, [secret])).not.toContain(secret)
          }
        },
      ),
    )
  })

  it("masks credential headers and bearer tokens it was not told about", () => {
    const text = 'Authorization: Bearer abc.def-123\n{"x-api-key":"k-999999"} TT-API-KEY=zzzz9999 token Bearer qwerty123'
    const out = redactText(text, [])
    for (const secret of ["abc.def-123", "k-999999", "zzzz9999", "qwerty123"]) expect(out).not.toContain(secret)
    expect(out).toContain("Authorization: [redacted]")
  })

  it("keeps JSON text valid JSON", () => {
    const header = fc.constantFrom("Authorization: Bearer ", "authorization=", "TT-API-KEY: ", '"x-api-key":"', "bearer ")
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), header, fc.string())), (parts) => {
        const value = { echo: parts.map(([a, h, b]) => `${a}${h}${b}`), nested: { text: parts.map((p) => p.join("\n\"")).join("") } }
        const cleaned = JSON.stringify(redactValue(value, ["sk-secret"]))
        expect(() => JSON.parse(cleaned)).not.toThrow()
      }),
    )
  })

  it("leaves ordinary text alone", () => {
    expect(redactText('{"status":"SUCCESS","videoUrl":"https://cdn.example/v.mp4"}', ["sk-abcdef"])).toBe(
      '{"status":"SUCCESS","videoUrl":"https://cdn.example/v.mp4"}',
    )
  })
})
