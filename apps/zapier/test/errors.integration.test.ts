import { describe, expect, it } from "@effect/vitest"
import { authFor, KEY } from "./support/fixtures.js"
import { useZapierSuite } from "./support/suite.js"

const REVOKED = "sk-revoked"
const BROKE = "sk-no-balance"
const suite = useZapierSuite({
  invalidKeys: [REVOKED],
  limits: { concurrentTasks: 1 },
  faults: { rejectKeyword: "forbidden scene", noBalanceKeys: [BROKE] },
})
const { app, appTester } = suite

/** What a Zapier method threw. */
const failure = (run: Promise<unknown>): Promise<Error> =>
  run.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`)
    },
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  )

/** Zapier's AppError and ThrottledError carry a JSON message. */
const jsonMessage = (error: Error): Record<string, unknown> => JSON.parse(error.message)

const textCreate = () => app.creates.generate_video_from_text.operation.perform

describe("gateway errors as Zapier's error types", () => {
  it("429: throttled, with the gateway's Retry-After as the delay", async () => {
    // One unfinished task per key: the second submit is refused with 429 and Retry-After: 10.
    const authData = authFor(suite.sandbox, "tokenbay", "sk-busy")
    await appTester(textCreate(), { authData, inputData: { prompt: "first, still running" } })
    const error = await failure(appTester(textCreate(), { authData, inputData: { prompt: "second" } }))
    expect(error.name).toBe("ThrottledError")
    expect(jsonMessage(error)).toMatchObject({ delay: 10 })
    expect(String(jsonMessage(error)["message"])).toMatch(/rate limit/)
    expect(suite.sandbox.ledger.rateLimited("sk-busy")).toBeGreaterThan(0)
    expect(suite.sandbox.ledger.submits("sk-busy")).toHaveLength(1)
  })

  it("content rejection: halted, with the gateway's message", async () => {
    const error = await failure(
      appTester(textCreate(), { authData: authFor(suite.sandbox, "evolink"), inputData: { prompt: "a forbidden scene" } }),
    )
    expect(error.name).toBe("HaltedError")
    expect(error.message).toMatch(/evolink rejected the content/)
    expect(suite.sandbox.ledger.submits(KEY)).toHaveLength(0)
  })

  it("insufficient balance: halted, with the gateway's message", async () => {
    const error = await failure(
      appTester(textCreate(), { authData: authFor(suite.sandbox, "acedata", BROKE), inputData: { prompt: "a paid scene" } }),
    )
    expect(error.name).toBe("HaltedError")
    expect(error.message).toMatch(/acedata: insufficient balance/)
  })

  it("401: expired auth, on a create and on the auth test", async () => {
    const authData = authFor(suite.sandbox, "ttapi", REVOKED)
    const onCreate = await failure(appTester(textCreate(), { authData, inputData: { prompt: "anything" } }))
    expect(onCreate.name).toBe("ExpiredAuthError")
    expect(onCreate.message).toMatch(/ttapi refused the API key \(HTTP 401\)/)
    const onTest = await failure(appTester(app.authentication.test, { authData }))
    expect(onTest.name).toBe("ExpiredAuthError")
    expect(onTest.message).not.toContain(REVOKED)
  })

  it("anything else: a plain error coded with the core's tag", async () => {
    suite.sandbox.setFaults({ serverErrorRate: 1 })
    try {
      const error = await failure(
        appTester(app.searches.find_task.operation.perform, {
          authData: authFor(suite.sandbox, "dashscope"),
          inputData: { task_id: "some-task" },
        }),
      )
      expect(error.name).toBe("AppError")
      expect(jsonMessage(error)).toMatchObject({ code: "GatewayError", status: 500 })
    } finally {
      suite.sandbox.setFaults({ serverErrorRate: 0 })
    }
  })

  it("bad input: a plain error naming the field and the rule, and nothing is sent", async () => {
    const error = await failure(
      appTester(textCreate(), {
        authData: authFor(suite.sandbox, "ttapi"),
        inputData: { prompt: "too long", duration: "99", resolution: "4K" },
      }),
    )
    expect(error.name).toBe("AppError")
    const body = jsonMessage(error)
    expect(body["code"]).toBe("ValidationErrors")
    expect(String(body["message"])).toMatch(/resolution/)
    expect(suite.sandbox.ledger.requests()).toHaveLength(0)
  })
})

describe("authentication", () => {
  it("accepts a working key without spending anything and labels the connection", async () => {
    const authData = authFor(suite.sandbox, "evolink")
    const info = await appTester(app.authentication.test, { authData })
    expect(info).toMatchObject({ gateway: "evolink", gateway_label: "EvoLink" })
    expect(suite.sandbox.ledger.submits()).toHaveLength(0)
    const label = await appTester(app.authentication.connectionLabel, { authData, inputData: { ...info } })
    expect(label).toBe(`EvoLink (${new URL(suite.sandbox.origin).host})`)
  })

  for (const gateway of ["ttapi", "tokenbay", "acedata", "dashscope"] as const) {
    it(`accepts a working key on ${gateway}`, async () => {
      const info = await appTester(app.authentication.test, { authData: authFor(suite.sandbox, gateway) })
      expect(info).toMatchObject({ gateway })
    })
  }

  it("names a bad gateway choice", async () => {
    const error = await failure(
      appTester(app.authentication.test, { authData: { gateway: "fal", api_key: KEY, base_url: suite.sandbox.urls.ttapi } }),
    )
    expect(error.message).toMatch(/gateway/)
  })
})
