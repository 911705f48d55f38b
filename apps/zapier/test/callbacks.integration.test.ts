import { describe, expect, it } from "@effect/vitest"
import { authFor, FINISH_ALL_MS, isMp4, KEY } from "./support/fixtures.js"
import { ZAPIER_TEST_CALLBACK_URL } from "./support/network.js"
import { readDehydrated } from "./support/zapierHarness.js"
import { useZapierSuite } from "./support/suite.js"

const suite = useZapierSuite()
const { guard, zapier, app, appTester } = suite

/** Ends every task and waits until the sandbox has delivered its callbacks. */
const finishAndCallBack = async () => {
  suite.sandbox.advanceTime(FINISH_ALL_MS)
  await suite.sandbox.callbacksIdle()
}

const cases = [
  {
    gateway: "evolink",
    create: "generate_video_from_references",
    inputData: {
      prompt: "character1 rides past character2",
      images: ["https://img.example.com/rider.png", "https://img.example.com/horse.png"],
      reference_type: "subject",
      ratio: "9:16",
    },
  },
  {
    gateway: "acedata",
    create: "edit_video",
    inputData: { prompt: "make it snow", video: "https://media.example.com/clip.mp4", audio: "keep" },
  },
] as const

describe("creates on gateways that call back", () => {
  for (const { create, gateway, inputData } of cases) {
    it(`${create} on ${gateway}: pauses on Zapier's callback URL and performResume returns the video`, async () => {
      const authData = authFor(suite.sandbox, gateway)
      const operation = app.creates[create].operation
      const pending = await appTester(operation.perform, { authData, inputData })
      expect(pending).toMatchObject({ gateway, status: "queued", waiting_for_callback: true })
      expect(suite.sandbox.ledger.submits(KEY)).toHaveLength(1)

      await finishAndCallBack()
      // The sandbox called Zapier's URL once, with its own body.
      expect(suite.sandbox.ledger.callbacks(KEY).map((c) => [c.url, c.ok])).toEqual([[ZAPIER_TEST_CALLBACK_URL, true]])
      expect(guard.callbacks).toHaveLength(1)
      const cleanedRequest = guard.callbacks[0]?.body

      const queriesBefore = suite.sandbox.ledger.requests(KEY).filter((r) => r.kind === "poll").length
      const done = await appTester(operation.performResume, { authData, inputData, outputData: pending, cleanedRequest })
      expect(done).toMatchObject({ id: pending.id, gateway, status: "succeeded", waiting_for_callback: false })
      // The callback is not trusted alone: the task is read again.
      expect(suite.sandbox.ledger.requests(KEY).filter((r) => r.kind === "poll").length).toBe(queriesBefore + 1)

      const file = readDehydrated(done.video)
      const url = await appTester(app.hydrators.downloadVideo, { authData, inputData: file.bundle })
      const stash = zapier.stashed.at(-1)
      expect(url).toBe(stash?.url)
      expect(stash?.contentType).toBe("video/mp4")
      expect(isMp4(stash?.bytes ?? Buffer.alloc(0))).toBe(true)
    })
  }

  it("skips the callback when Zapier is only loading samples", async () => {
    const authData = authFor(suite.sandbox, "evolink")
    const result = await appTester(app.creates.generate_video_from_text.operation.perform, {
      authData,
      inputData: { prompt: "a sample run in the editor" },
      meta: { isLoadingSample: true },
    })
    expect(result).toMatchObject({ status: "queued", waiting_for_callback: false })
    await finishAndCallBack()
    expect(suite.sandbox.ledger.callbacks(KEY)).toHaveLength(0)
    expect(guard.callbacks).toHaveLength(0)
  })

  it("refuses a callback that names another task", async () => {
    const authData = authFor(suite.sandbox, "evolink")
    const operation = app.creates.generate_video_from_text.operation
    const first = await appTester(operation.perform, { authData, inputData: { prompt: "first" } })
    const second = await appTester(operation.perform, { authData, inputData: { prompt: "second" } })
    await finishAndCallBack()
    const forFirst = guard.callbacks.find((c) => JSON.stringify(c.body).includes(first.id))
    await expect(
      appTester(operation.performResume, { authData, outputData: second, cleanedRequest: forFirst?.body }),
    ).rejects.toThrow(/CallbackMismatch/)
  })

  it("fails the step when the task failed, with the gateway's reason", async () => {
    suite.sandbox.setFaults({ taskFailureRate: 1 })
    try {
      const authData = authFor(suite.sandbox, "acedata")
      const operation = app.creates.generate_video_from_image.operation
      const pending = await appTester(operation.perform, {
        authData,
        inputData: { image: "https://img.example.com/first-frame.jpg", prompt: "the horse turns its head" },
      })
      await finishAndCallBack()
      const error = await appTester(operation.performResume, {
        authData,
        outputData: pending,
        cleanedRequest: guard.callbacks[0]?.body,
      }).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(Error)
      expect(JSON.parse(error instanceof Error ? error.message : "{}")).toMatchObject({ code: "TaskFailed" })
    } finally {
      suite.sandbox.setFaults({ taskFailureRate: 0 })
    }
  })
})
