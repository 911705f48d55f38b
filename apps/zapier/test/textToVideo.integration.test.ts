import { describe, expect, it } from "@effect/vitest"
import { authFor, FINISH_ALL_MS, isMp4, KEY } from "./support/fixtures.js"
import { readDehydrated } from "./support/zapierHarness.js"
import { useZapierSuite } from "./support/suite.js"

const suite = useZapierSuite()
const { guard, zapier, app, appTester } = suite

describe("Generate Video From Text on ttapi (no callbacks), then Find Task", () => {
  it("submits, returns the task at once, and Find Task hands back a hydrated MP4", async () => {
    const authData = authFor(suite.sandbox, "ttapi")
    const created = await appTester(app.creates.generate_video_from_text.operation.perform, {
      authData,
      inputData: { prompt: "a horse gallops on a beach at dawn", resolution: "720P", duration: 5 },
    })
    expect(created).toMatchObject({ gateway: "ttapi", status: "queued", waiting_for_callback: false, video: null })
    expect(suite.sandbox.ledger.submits(KEY).map((s) => s.taskId)).toEqual([created.id])
    expect(guard.callbacks).toHaveLength(0)

    const running = await appTester(app.searches.find_task.operation.perform, { authData, inputData: { task_id: created.id } })
    expect(running).toHaveLength(1)
    expect(running[0]?.status).toMatch(/queued|running/)

    suite.sandbox.advanceTime(FINISH_ALL_MS)
    const [done] = await appTester(app.searches.find_task.operation.perform, { authData, inputData: { task_id: created.id } })
    expect(done).toMatchObject({ id: created.id, status: "succeeded", progress: 100 })
    const file = readDehydrated(done?.video)
    expect(file.method).toBe("hydrators.downloadVideo")
    expect(file.bundle["task_id"]).toBe(created.id)

    const url = await appTester(app.hydrators.downloadVideo, { authData, inputData: file.bundle })
    const stash = zapier.stashed.at(-1)
    expect(url).toBe(stash?.url)
    expect(stash?.method).toBe("hydrators.downloadVideo")
    expect(stash?.contentType).toBe("video/mp4")
    expect(stash?.filename).toMatch(/\.mp4$/)
    expect(stash?.knownLength).toBe(stash?.bytes.length)
    expect(isMp4(stash?.bytes ?? Buffer.alloc(0))).toBe(true)
    // The key never reaches a step's output or a file pointer, which Zapier stores and shows.
    for (const output of [created, running, done, url]) expect(JSON.stringify(output)).not.toContain(KEY)
  })
})
