import { createClient } from "@happyhorse/core/node"
import { startSandbox, type Sandbox } from "@happyhorse/sandbox"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { NodeOperationError } from "n8n-workflow"
import { runItems } from "../nodes/HappyHorse/runItems.js"
import { type BinaryCall, fakePort } from "./support/fakes.js"

const SCALE = 500
let sandbox: Sandbox

beforeAll(async () => {
  // Long jobs for the cancel test; the others finish in a few real seconds at this scale.
  sandbox = await startSandbox({ timeScale: SCALE, seed: 9, durations: { fixedMs: 60_000 }, faults: { truncateDownloadRate: 0.5 } })
})
afterAll(() => sandbox.close())

const services = { makeClient: createClient, knobs: { timeScale: SCALE } }
const credentials = (gateway: "tokenbay" | "ttapi" | "dashscope", apiKey: string) => ({ gateway, apiKey, baseUrl: sandbox.urls[gateway] })

describe("the node's operations with the real core, against the sandbox", () => {
  it.each(["tokenbay", "ttapi", "dashscope"] as const)("%s: Text to Video streams a whole MP4 into binary data, through cut downloads", async (gateway) => {
    const binaries: Array<BinaryCall> = []
    const [out] = await runItems(
      fakePort({ credentials: credentials(gateway, `sk-node-${gateway}`), binaries, items: [{ resource: "video", operation: "textToVideo", prompt: "a horse", duration: 3 }] }),
      services,
    )
    const json = out?.[0]?.json
    expect(json).toMatchObject({ gateway, status: "succeeded" })
    expect(binaries).toHaveLength(1)
    expect(binaries[0]?.bytes).toBe(json?.["bytes"])
    expect(sandbox.ledger.snapshot().keys[`sk-node-${gateway}`]?.submitsPerTask).toEqual({ [String(json?.["taskId"])]: 1 })
  })

  it("submit, then Task → Get, Wait for Completion and Download by id", async () => {
    const creds = credentials("tokenbay", "sk-node-tasks")
    const [submitted] = await runItems(
      fakePort({ credentials: creds, items: [{ resource: "video", operation: "textToVideo", prompt: "a horse", resultMode: "submit" }] }),
      services,
    )
    const taskId = String(submitted?.[0]?.json["taskId"])
    const [got] = await runItems(fakePort({ credentials: creds, items: [{ resource: "task", operation: "get", taskId }] }), services)
    // A read of the task as it stands; on a busy machine it may already be done.
    expect(["queued", "running", "succeeded"]).toContain(got?.[0]?.json["status"])

    const [waited] = await runItems(
      fakePort({ credentials: creds, items: [{ resource: "task", operation: "wait", taskId, options: { downloadBinary: false } }] }),
      services,
    )
    expect(waited?.[0]?.json).toMatchObject({ taskId, status: "succeeded" })

    const binaries: Array<BinaryCall> = []
    const [downloaded] = await runItems(fakePort({ credentials: creds, binaries, items: [{ resource: "task", operation: "download", taskId }] }), services)
    expect(downloaded?.[0]?.json).toMatchObject({ taskId, status: "succeeded" })
    expect(binaries[0]?.mimeType).toBe("video/mp4")
  })

  it("a cancel during the wait stops the node at once; the task is left running on a gateway without a cancel call", async () => {
    const controller = new AbortController()
    const creds = credentials("tokenbay", "sk-node-cancel")
    const run = runItems(
      fakePort({ credentials: creds, signal: controller.signal, items: [{ resource: "video", operation: "textToVideo", prompt: "a long horse" }] }),
      services,
    )
    // Cancel once the task is on the gateway and being watched.
    while (Object.keys(sandbox.ledger.snapshot().keys["sk-node-cancel"]?.pollTimes ?? {}).length === 0) {
      await new Promise((resolve) => setImmediate(resolve))
    }
    controller.abort()
    await expect(run).rejects.toBeInstanceOf(NodeOperationError)
    await expect(run).rejects.toMatchObject({ message: "The execution was canceled", description: expect.stringContaining("may still finish") })
  })
})
