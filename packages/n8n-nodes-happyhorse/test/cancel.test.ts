import { describe, expect, it } from "@effect/vitest"
import { NodeOperationError } from "n8n-workflow"
import { runItems } from "../nodes/HappyHorse/runItems.js"
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
      // TokenBay has no cancel call: the kit's note tells the user the task may still finish.
      description: expect.stringContaining("Tasks task-1: tokenbay documents no cancel call: the task keeps running"),
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
    ).rejects.toMatchObject({ message: "The execution was canceled", description: expect.stringContaining("Tasks task-1:") })
    expect(recorded.submitted).toHaveLength(1)
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
