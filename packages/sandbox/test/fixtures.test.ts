import { describe, expect, it } from "@effect/vitest"
import { KEY, call, obj } from "./helpers.js"
import { startSandbox, type Sandbox } from "../src/index.js"
import { loadFixtures, shapeGaps, submit, t2vBody, type Fixture, type Gateway } from "./kit.js"

const fixtures = loadFixtures()
const withKey = (headers: Record<string, string> | undefined, key: string) =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, v.replace("test-key", key)]))

const send = (sb: Sandbox, fixture: Fixture, key = KEY) => {
  const request = fixture.request
  if (request === undefined) throw new Error("no request")
  return call(`${sb.urls[fixture.gateway]}${request.path}`, {
    method: request.method,
    headers: withKey(request.headers, key),
    body: request.body === undefined ? null : JSON.stringify(request.body),
  })
}

const isSubmit = (f: Fixture) => f.request?.method === "POST" && f.name.startsWith("submit-")

describe("gateway fixtures (tooling/fixtures/gateways)", () => {
  it("has fixtures to check", () => {
    expect(fixtures.length).toBeGreaterThan(50)
  })

  it("accepts every documented submit and answers in the documented shape", async () => {
    // Callback examples name public hosts; this sandbox closes before any task finishes, so nothing is called.
    const slow = await startSandbox({ durations: { fixedMs: 3_600_000 } })
    const fast = await startSandbox({ timeScale: 10_000, durations: { fixedMs: 5_000 } })
    try {
      const submits = fixtures.filter(isSubmit)
      expect(submits.length).toBeGreaterThanOrEqual(15)
      for (const fixture of submits) {
        const body = obj(fixture.request?.body)
        const blocking = fixture.gateway === "acedata" && body["async"] !== true && body["callback_url"] === undefined
        const reply = await send(blocking ? fast : slow, fixture)
        expect({ file: fixture.file, status: reply.status }).toEqual({ file: fixture.file, status: 200 })
        expect({ file: fixture.file, error: obj(reply.body)["error"] }).toEqual({ file: fixture.file, error: undefined })
        if (fixture.response?.body !== undefined && fixture.response.body !== null) {
          expect({ file: fixture.file, gaps: shapeGaps(fixture.response.body, reply.body) }).toEqual({ file: fixture.file, gaps: [] })
        }
      }
    } finally {
      await slow.close()
      await fast.close()
    }
  })

  // Which fixture shows which error, and how to provoke it in the sandbox.
  const ERRORS: ReadonlyArray<readonly [string, "invalid" | "unauthorized" | "no_balance" | "rejected" | "rate" | "server"]> = [
    ["ttapi/error-400", "invalid"], ["ttapi/error-400-sensitive", "rejected"], ["ttapi/error-401", "unauthorized"],
    ["ttapi/error-402", "no_balance"], ["ttapi/error-429", "rate"], ["ttapi/error-500", "server"],
    ["dashscope/error-400-invalid-parameter", "invalid"], ["dashscope/error-400-arrearage", "no_balance"],
    ["dashscope/error-400-data-inspection", "rejected"], ["dashscope/error-401-invalid-api-key", "unauthorized"],
    ["dashscope/error-429-throttling", "rate"], ["dashscope/error-500-internal", "server"],
    ["tokenbay/error-200-invalid-request", "invalid"], ["tokenbay/error-200-insufficient-quota", "no_balance"],
    ["tokenbay/error-200-sensitive", "rejected"], ["tokenbay/error-401", "unauthorized"], ["tokenbay/error-429", "rate"],
    ["tokenbay/error-500", "server"],
    ["evolink/error-400", "invalid"], ["evolink/error-401", "unauthorized"], ["evolink/error-402", "no_balance"],
    ["evolink/error-403", "rejected"], ["evolink/error-429", "rate"], ["evolink/error-500", "server"],
    ["acedata/error-400-bad-request", "invalid"], ["acedata/error-401-invalid-token", "unauthorized"],
    ["acedata/error-403-used-up", "no_balance"], ["acedata/error-403-content", "rejected"],
    ["acedata/error-429-too-many-requests", "rate"], ["acedata/error-500-api-error", "server"],
  ]

  it.each(ERRORS)("%s: same HTTP status, shape and code", async (name, kind) => {
    const fixture = fixtures.find((f) => f.file === `${name}.json`)
    expect(fixture?.response).toBeDefined()
    const gateway = name.split("/")[0] as Gateway
    const sb = await startSandbox({
      durations: { fixedMs: 3_600_000 },
      invalidKeys: ["bad-key"],
      faults: { noBalanceKeys: ["poor-key"], rejectKeyword: "forbidden-word" },
      limits: { submitsPerSecond: 1 },
    })
    try {
      let reply
      if (kind === "invalid") reply = await submit(sb, gateway, t2vBody(gateway, "a horse", 99))
      else if (kind === "unauthorized") reply = await submit(sb, gateway, t2vBody(gateway, "a horse"), "bad-key")
      else if (kind === "no_balance") reply = await submit(sb, gateway, t2vBody(gateway, "a horse"), "poor-key")
      else if (kind === "rejected") reply = await submit(sb, gateway, t2vBody(gateway, "a forbidden-word horse"))
      else if (kind === "rate") {
        await submit(sb, gateway, t2vBody(gateway, "a horse"))
        reply = await submit(sb, gateway, t2vBody(gateway, "a horse"))
        expect(Number(reply.headers.get("retry-after"))).toBeGreaterThanOrEqual(1)
      } else {
        sb.setFaults({ serverErrorRate: 1 })
        reply = await submit(sb, gateway, t2vBody(gateway, "a horse"))
      }
      expect(reply.status).toBe(fixture?.response?.status)
      expect(shapeGaps(fixture?.response?.body, reply.body)).toEqual([])
      const expectedError = obj(obj(fixture?.response?.body)["error"] ?? fixture?.response?.body)
      const actualError = obj(obj(reply.body)["error"] ?? reply.body)
      if ("code" in expectedError && kind !== "invalid") expect(actualError["code"]).toBe(expectedError["code"])
      if ("type" in expectedError) expect(actualError["type"]).toBe(expectedError["type"])
    } finally {
      await sb.close()
    }
  })
})
