import {
  AuthError,
  ContentRejected,
  DownloadFailed,
  GatewayError,
  InsufficientBalance,
  MalformedReply,
  RateLimited,
  ResultExpired,
  SubmitInDoubt,
  TransportError,
  ValidationError,
  ValidationErrors,
  WatchTimeout,
} from "@happyhorse/core"
import { describe, expect, it } from "@effect/vitest"
import { NodeApiError, NodeOperationError } from "n8n-workflow"
import { runItems } from "../nodes/HappyHorse/runItems.js"
import { toNodeError } from "../shared/toNodeError.js"
import { fakeClient, fakePort, newRecorded, testNode } from "./support/fakes.js"

const textItem = { resource: "video", operation: "textToVideo", prompt: "a horse" }
const failingSubmit = (error: unknown) => ({
  makeClient: () => fakeClient(newRecorded(), { submit: () => Promise.reject(error) }),
  knobs: {},
})

describe("errors a user can act on", () => {
  const cases = [
    { error: new AuthError({ gateway: "tokenbay", status: 401, detail: "invalid token" }), kind: NodeApiError, http: "401", hint: "API key" },
    { error: new InsufficientBalance({ gateway: "evolink", detail: "no credits" }), kind: NodeApiError, http: "402", hint: "Top up" },
    { error: new RateLimited({ gateway: "ttapi", detail: "slow down", retryAfterMs: 3000 }), kind: NodeApiError, http: "429", hint: "Wait 3 s" },
    { error: new ContentRejected({ gateway: "acedata", detail: "sensitive" }), kind: NodeApiError, http: "400", hint: "Rephrase" },
    { error: new GatewayError({ gateway: "dashscope", operation: "submit", status: 503, detail: "busy" }), kind: NodeApiError, http: "503", hint: "Try again later" },
    { error: new MalformedReply({ gateway: "tokenbay", operation: "query", status: 200, issue: "no id", bodyPreview: "<html>" }), kind: NodeApiError, http: "200", hint: "base URL" },
    { error: new TransportError({ gateway: "tokenbay", operation: "query", detail: "socket closed" }), kind: NodeOperationError, http: undefined, hint: "could not be reached" },
    { error: new ValidationErrors({ errors: [new ValidationError({ field: "duration", value: "99", rule: "must be an integer from 3 to 15 seconds" })] }), kind: NodeOperationError, http: undefined, hint: "Nothing was sent or charged" },
    { error: new WatchTimeout({ gateway: "tokenbay", taskId: "t-9", elapsedMs: 600_000, lastStatus: "running" }), kind: NodeOperationError, http: undefined, hint: "t-9" },
    { error: new SubmitInDoubt({ gateway: "tokenbay", reason: "socket hang up", sentAt: 0 }), kind: NodeOperationError, http: undefined, hint: "pay twice" },
    { error: new ResultExpired({ gateway: "tokenbay", taskId: "t", detail: "gone" }), kind: NodeOperationError, http: undefined, hint: "24 hours" },
    { error: new DownloadFailed({ url: "https://cdn.example.com/v.mp4", reason: "not an MP4" }), kind: NodeOperationError, http: undefined, hint: "Download it again by the task id" },
  ] as const

  it.each(cases)("$error._tag becomes a $kind.name with the item index and a hint", ({ error, kind, http, hint }) => {
    const mapped = toNodeError(testNode, error, 3)
    expect(mapped).toBeInstanceOf(kind)
    expect(mapped.message).toBe(error.message)
    expect(mapped.description).toContain(hint)
    expect(mapped.context["itemIndex"]).toBe(3)
    if (mapped instanceof NodeApiError && http !== undefined) expect(mapped.httpCode).toBe(http)
  })

  it("n8n's own wording for a refused connection keeps the core's message among its messages", () => {
    const error = new TransportError({ gateway: "tokenbay", operation: "query", detail: "connect ECONNREFUSED 127.0.0.1:9" })
    const mapped = toNodeError(testNode, error, 0)
    expect(mapped.message).toBe("The service refused the connection - perhaps it is offline")
    expect(mapped.messages).toContain(error.message)
    expect(mapped.description).toContain("base URL")
  })

  it("a gateway error stops the node, with the item index", async () => {
    const run = runItems(fakePort({ items: [textItem] }), failingSubmit(new AuthError({ gateway: "tokenbay", status: 401, detail: "bad key" })))
    await expect(run).rejects.toBeInstanceOf(NodeApiError)
    await expect(run).rejects.toMatchObject({ message: "tokenbay refused the API key (HTTP 401): bad key", context: { itemIndex: 0 } })
  })

  it("under Continue On Fail a rejected prompt becomes an error item paired with its input", async () => {
    let calls = 0
    const recorded = newRecorded()
    const client = fakeClient(recorded, {
      submit: async (request) => {
        calls += 1
        if (calls === 1) throw new ContentRejected({ gateway: "tokenbay", detail: "prompt refused" })
        recorded.submitted.push(request)
        return { taskId: "task-2", gateway: "tokenbay" }
      },
    })
    const [out] = await runItems(
      fakePort({ continueOnFail: true, items: [{ ...textItem, resultMode: "submit" }, { ...textItem, resultMode: "submit" }] }),
      { makeClient: () => client, knobs: {} },
    )
    expect(out?.[0]).toEqual({
      json: {
        error: "tokenbay rejected the content: prompt refused",
        errorType: "ContentRejected",
        // The kit's verdict: a refused submit created nothing, so sending it again cannot pay twice.
        safeToResend: true,
        description: expect.stringContaining("Rephrase"),
      },
      pairedItem: { item: 0 },
    })
    expect(out?.[1]).toMatchObject({ json: { taskId: "task-2", status: "submitted" }, pairedItem: { item: 1 } })
  })

  it("an error item keeps the task id when the task was already submitted", async () => {
    const client = fakeClient(newRecorded(), {
      watch: (taskId) => Promise.reject(new WatchTimeout({ gateway: "tokenbay", taskId, elapsedMs: 60_000, lastStatus: "queued" })),
    })
    const [out] = await runItems(fakePort({ continueOnFail: true, items: [textItem] }), { makeClient: () => client, knobs: {} })
    expect(out?.[0]?.json).toMatchObject({ errorType: "WatchTimeout", taskId: "task-1" })
  })

  it("a bad operation name is a NodeOperationError naming the parameter", async () => {
    await expect(
      runItems(fakePort({ items: [{ resource: "video", operation: "paint" }] }), failingSubmit(new Error("not reached"))),
    ).rejects.toMatchObject({ message: expect.stringContaining('Parameter "operation" is not valid') })
  })

  it("an incomplete credential fails before any client is made", async () => {
    let made = 0
    const run = runItems(fakePort({ credentials: { gateway: "nowhere", apiKey: "" } }), {
      makeClient: () => {
        made += 1
        return fakeClient(newRecorded())
      },
      knobs: {},
    })
    await expect(run).rejects.toMatchObject({ message: "The HappyHorse API credential is incomplete" })
    expect(made).toBe(0)
  })

  it("a client that cannot be built (bad base URL) becomes a node error", async () => {
    const run = runItems(fakePort({}), {
      makeClient: () => {
        throw new ValidationError({ field: "baseUrl", value: "ftp://x", rule: "must be an http(s) URL" })
      },
      knobs: {},
    })
    await expect(run).rejects.toBeInstanceOf(NodeOperationError)
    await expect(run).rejects.toMatchObject({ message: "baseUrl: must be an http(s) URL (got ftp://x)" })
  })
})
