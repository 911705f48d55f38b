import { describe, expect, it } from "@effect/vitest"
import { NodeOperationError } from "n8n-workflow"
import { runItems } from "../nodes/HappyHorse/runItems.js"
import { type BinaryCall, fakeClient, fakeMp4, fakePort, newRecorded } from "./support/fakes.js"

const withClient = (client: ReturnType<typeof fakeClient>) => ({ makeClient: () => client, knobs: {} })

describe("Task operations", () => {
  it("Get reads the task once and flattens its status", async () => {
    const recorded = newRecorded()
    const client = fakeClient(recorded, {
      get: async (taskId) => ({ taskId, gateway: "tokenbay", status: { _tag: "Running", progress: 40 }, rawStatus: "in_progress" }),
    })
    const [out] = await runItems(fakePort({ items: [{ resource: "task", operation: "get", taskId: " vid_1 " }] }), withClient(client))
    expect(out).toEqual([
      { json: { taskId: "vid_1", gateway: "tokenbay", status: "running", rawStatus: "in_progress", progress: 40, finished: false }, pairedItem: { item: 0 } },
    ])
  })

  it("Get of a failed task reports its reason", async () => {
    const client = fakeClient(newRecorded(), {
      get: async (taskId) => ({ taskId, gateway: "tokenbay", status: { _tag: "Failed", code: "E1", reason: "model error" }, rawStatus: "failed" }),
    })
    const [out] = await runItems(fakePort({ items: [{ resource: "task", operation: "get", taskId: "vid_1" }] }), withClient(client))
    expect(out?.[0]?.json).toMatchObject({ status: "failed", failureReason: "model error", failureCode: "E1", finished: true })
  })

  it("Wait for Completion waits with Max Wait and downloads", async () => {
    const recorded = newRecorded()
    const binaries: Array<BinaryCall> = []
    const [out] = await runItems(
      fakePort({ binaries, items: [{ resource: "task", operation: "wait", taskId: "vid_2", options: { maxWaitMinutes: 1 } }] }),
      withClient(fakeClient(recorded)),
    )
    expect(recorded.watched).toEqual([{ taskId: "vid_2", timeoutMs: 60_000 }])
    expect(binaries).toHaveLength(1)
    expect(out?.[0]?.json).toMatchObject({ taskId: "vid_2", status: "succeeded", bytes: fakeMp4.length })
    expect(Object.keys(out?.[0]?.binary ?? {})).toEqual(["data"])
  })

  it("Wait for Completion fails with the task's reason when the task failed", async () => {
    const client = fakeClient(newRecorded(), {
      watch: async (taskId) => ({ _tag: "Failed", taskId, reason: "the model gave up", elapsedMs: 10 }),
    })
    const run = runItems(fakePort({ items: [{ resource: "task", operation: "wait", taskId: "vid_3" }] }), withClient(client))
    await expect(run).rejects.toBeInstanceOf(NodeOperationError)
    await expect(run).rejects.toMatchObject({ message: "task vid_3 failed on tokenbay: the model gave up", context: { itemIndex: 0 } })
  })

  it("Wait for Completion fails when the task was canceled on the gateway", async () => {
    const client = fakeClient(newRecorded(), { watch: async (taskId) => ({ _tag: "Canceled", taskId, elapsedMs: 10 }) })
    await expect(
      runItems(fakePort({ items: [{ resource: "task", operation: "wait", taskId: "vid_4" }] }), withClient(client)),
    ).rejects.toMatchObject({ message: "task vid_4 was canceled on tokenbay" })
  })

  it("Download streams a finished task's MP4 without a wait", async () => {
    const recorded = newRecorded()
    const binaries: Array<BinaryCall> = []
    const [out] = await runItems(
      fakePort({ binaries, items: [{ resource: "task", operation: "download", taskId: "vid_5", options: { binaryPropertyName: "mp4" } }] }),
      withClient(fakeClient(recorded)),
    )
    expect(recorded.watched).toEqual([])
    expect(recorded.downloads[0]).toMatchObject({ taskId: "vid_5", url: undefined })
    expect(binaries).toEqual([{ fileName: "vid_5.mp4", mimeType: "video/mp4", bytes: fakeMp4.length }])
    expect(out?.[0]?.json).toEqual({ taskId: "vid_5", gateway: "tokenbay", status: "succeeded", fileName: "vid_5.mp4", bytes: fakeMp4.length })
    expect(Object.keys(out?.[0]?.binary ?? {})).toEqual(["mp4"])
  })

  it("an empty Task ID is refused before any call", async () => {
    const recorded = newRecorded()
    await expect(
      runItems(fakePort({ items: [{ resource: "task", operation: "get", taskId: "  " }] }), withClient(fakeClient(recorded))),
    ).rejects.toMatchObject({ message: expect.stringContaining('Parameter "taskId" is not valid') })
  })
})
