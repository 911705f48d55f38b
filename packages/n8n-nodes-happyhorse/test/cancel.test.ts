import { dialectFor, type Dialect } from "@happyhorse/core"
import { describe, expect, it } from "@effect/vitest"
import { NodeOperationError } from "n8n-workflow"
import { runItems } from "../nodes/HappyHorse/runItems.js"
import { cancelOnGateway } from "../shared/cancelOnGateway.js"
import { fakeClient, fakePort, newRecorded } from "./support/fakes.js"

/** A watch that only ends when the execution's signal aborts, as the core's does. */
const watchUntilAborted = (started: () => void) => (_taskId: string, options?: { signal?: AbortSignal }) =>
  new Promise<never>((_, reject) => {
    options?.signal?.addEventListener("abort", () => reject(new DOMException("The operation was aborted", "AbortError")))
    started()
  })

describe("execution cancel", () => {
  it("stops the wait, and the node fails even under Continue On Fail", async () => {
    const controller = new AbortController()
    const recorded = newRecorded()
    const client = fakeClient(recorded, { watch: watchUntilAborted(() => controller.abort()) })
    const run = runItems(
      fakePort({ signal: controller.signal, continueOnFail: true, items: [{ resource: "video", operation: "textToVideo", prompt: "a horse" }] }),
      { makeClient: () => client, knobs: {} },
    )
    await expect(run).rejects.toBeInstanceOf(NodeOperationError)
    await expect(run).rejects.toMatchObject({
      message: "The execution was canceled",
      // TokenBay has no cancel call: the user learns the task may still finish.
      description: expect.stringContaining("Task task-1 may still finish"),
    })
    expect(recorded.downloads).toEqual([])
    expect(recorded.disposed).toBe(1)
  })

  it("does not start the next item once canceled", async () => {
    const controller = new AbortController()
    const recorded = newRecorded()
    const client = fakeClient(recorded, {
      submit: async (request) => {
        recorded.submitted.push(request)
        controller.abort()
        return { taskId: "task-1", gateway: "tokenbay" }
      },
    })
    const item = { resource: "video", operation: "textToVideo", prompt: "a horse", resultMode: "submit" }
    await expect(
      runItems(fakePort({ signal: controller.signal, items: [item, item] }), { makeClient: () => client, knobs: {} }),
    ).rejects.toMatchObject({ message: "The execution was canceled", context: { itemIndex: 1 } })
    expect(recorded.submitted).toHaveLength(1)
  })

  it("asks the gateway to cancel where its dialect has a cancel call", async () => {
    const base = dialectFor("tokenbay")
    const cancelable: Dialect = {
      ...base,
      capabilities: { ...base.capabilities, cancel: true },
      encodeCancel: (taskId) => ({ method: "POST", path: `/v1/videos/${taskId}/cancel` }),
    }
    const seen: Array<{ url: string; method: string | undefined; auth: string | null }> = []
    const fakeFetch: typeof fetch = async (input, init) => {
      seen.push({ url: String(input), method: init?.method, auth: new Headers(init?.headers).get("authorization") })
      return new Response("{}", { status: 200 })
    }
    expect(await cancelOnGateway(cancelable, "http://127.0.0.1:9", "sk-1", "vid_7", fakeFetch)).toBe(true)
    expect(seen).toEqual([{ url: "http://127.0.0.1:9/v1/videos/vid_7/cancel", method: "POST", auth: "Bearer sk-1" }])
  })

  it("reports false when the gateway has no cancel call, refuses, or is unreachable", async () => {
    const calls: Array<string> = []
    const refusing: typeof fetch = async (input) => {
      calls.push(String(input))
      return new Response("no", { status: 404 })
    }
    expect(await cancelOnGateway(dialectFor("tokenbay"), "http://127.0.0.1:9", "k", "t", refusing)).toBe(false)
    expect(calls).toEqual([])
    const base = dialectFor("evolink")
    const cancelable: Dialect = { ...base, capabilities: { ...base.capabilities, cancel: true }, encodeCancel: (id) => ({ method: "DELETE", path: `/v1/tasks/${id}` }) }
    expect(await cancelOnGateway(cancelable, "http://127.0.0.1:9", "k", "t", refusing)).toBe(false)
    expect(await cancelOnGateway(cancelable, "http://127.0.0.1:9", "k", "t", () => Promise.reject(new TypeError("fetch failed")))).toBe(false)
    expect(calls).toEqual(["http://127.0.0.1:9/v1/tasks/t"])
  })
})

describe("execution cancel during the submit", () => {
  it("warns that a task may exist on the gateway", async () => {
    const controller = new AbortController()
    const client = fakeClient(newRecorded(), {
      submit: (_request, options) =>
        new Promise((_, reject) => {
          options?.signal?.addEventListener("abort", () => reject(new DOMException("The operation was aborted", "AbortError")))
          controller.abort()
        }),
    })
    await expect(
      runItems(fakePort({ signal: controller.signal, items: [{ resource: "video", operation: "textToVideo", prompt: "a horse" }] }), {
        makeClient: () => client,
        knobs: {},
      }),
    ).rejects.toMatchObject({ message: "The execution was canceled", description: expect.stringContaining("a task may have been created") })
  })
})
