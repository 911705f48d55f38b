import { describe, expect, it } from "@effect/vitest"
import { authFor, FINISH_ALL_MS, KEY } from "./support/fixtures.js"
import { readDehydrated } from "./support/zapierHarness.js"
import { useZapierSuite } from "./support/suite.js"

const suite = useZapierSuite()
const { guard, app, appTester } = suite

// Gateways without callbacks: each create returns the task id, and Find Task finishes the job.
const cases = [
  {
    gateway: "tokenbay",
    create: "generate_video_from_image",
    kind: "i2v",
    inputData: { image: "https://img.example.com/first-frame.png", prompt: "the camera pulls back", watermark: "false" },
  },
  {
    gateway: "dashscope",
    create: "generate_video_from_references",
    kind: "r2v",
    // A mapped text field with one URL per line, as Zapier hands over line items.
    inputData: { prompt: "character1 in a storm", images: "https://img.example.com/a.png\nhttps://img.example.com/b.png" },
  },
  {
    gateway: "ttapi",
    create: "edit_video",
    kind: "video-edit",
    inputData: { prompt: "turn day into night", video: "https://media.example.com/day.mp4", images: [], audio: "regenerate" },
  },
] as const

describe("creates on gateways without callbacks", () => {
  for (const { create, gateway, inputData, kind } of cases) {
    it(`${create} on ${gateway} returns the task id at once; Find Task returns the video`, async () => {
      const authData = authFor(suite.sandbox, gateway)
      const created = await appTester(app.creates[create].operation.perform, { authData, inputData })
      expect(created).toMatchObject({ gateway, status: "queued", waiting_for_callback: false, video: null })
      const [submitted] = suite.sandbox.ledger.submits(KEY)
      expect(submitted?.taskId).toBe(created.id)
      expect(submitted?.model).toContain(kind)

      suite.sandbox.advanceTime(FINISH_ALL_MS)
      await suite.sandbox.callbacksIdle()
      expect(guard.callbacks).toHaveLength(0)
      const [found] = await appTester(app.searches.find_task.operation.perform, { authData, inputData: { task_id: created.id } })
      expect(found).toMatchObject({ id: created.id, status: "succeeded" })
      expect(found?.video_url).toMatch(/^http:\/\/127\.0\.0\.1:/)
      expect(readDehydrated(found?.video).bundle).toMatchObject({ task_id: created.id })
    })
  }

  it("Find Task returns nothing for an id the gateway does not know", async () => {
    const found = await appTester(app.searches.find_task.operation.perform, {
      authData: authFor(suite.sandbox, "ttapi"),
      inputData: { task_id: "no-such-task" },
    })
    expect(found).toEqual([])
  })
})
