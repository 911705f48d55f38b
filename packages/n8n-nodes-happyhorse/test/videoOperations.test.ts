import { describe, expect, it } from "@effect/vitest"
import { existsSync } from "node:fs"
import { mkdtemp, readdir } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { runItems } from "../nodes/HappyHorse/runItems.js"
import { type BinaryCall, fakeClient, fakeMp4, fakePort, newRecorded } from "./support/fakes.js"

const services = (recorded = newRecorded(), client = fakeClient(recorded)) => ({
  makeClient: (options: Parameters<typeof fakeClient>[1] & object) => {
    recorded.options.push(options)
    return client
  },
  knobs: {},
})

describe("Video operations", () => {
  it("Text to Video without waiting returns the task id at once", async () => {
    const recorded = newRecorded()
    const [out] = await runItems(
      fakePort({ items: [{ resource: "video", operation: "textToVideo", prompt: "a horse", resultMode: "submit" }] }),
      services(recorded),
    )
    expect(out).toEqual([
      {
        json: { taskId: "task-1", gateway: "tokenbay", status: "submitted", rawStatus: "submitted", finished: false, estimatedCostUsd: 0.5 },
        pairedItem: { item: 0 },
      },
    ])
    expect(recorded.watched).toEqual([])
    // Left-out fields stay out: the core's defaults apply.
    expect(recorded.submitted).toEqual([{ kind: "text-to-video", prompt: "a horse", resolution: "720P" }])
    expect(recorded.disposed).toBe(1)
  })

  it("Text to Video maps every field and passes the credential to the client", async () => {
    const recorded = newRecorded()
    await runItems(
      fakePort({
        credentials: { gateway: "evolink", apiKey: "sk-evo", baseUrl: " http://127.0.0.1:1234 " },
        items: [
          {
            resource: "video",
            operation: "textToVideo",
            prompt: "a horse",
            model: "1.1",
            resolution: "1080P",
            ratio: "9:16",
            duration: 8,
            additionalFields: { seed: 42, watermark: true, callbackUrl: "https://hooks.example.com/hh" },
            resultMode: "submit",
          },
        ],
      }),
      { ...services(recorded, fakeClient(recorded, {}, "evolink")), knobs: { timeScale: 50 } },
    )
    expect(recorded.submitted[0]).toEqual({
      kind: "text-to-video",
      prompt: "a horse",
      ratio: "9:16",
      duration: 8,
      model: "1.1",
      resolution: "1080P",
      seed: 42,
      watermark: true,
      callbackUrl: "https://hooks.example.com/hh",
    })
    expect(recorded.options[0]).toEqual({ provider: "evolink", apiKey: "sk-evo", baseUrl: "http://127.0.0.1:1234", timeScale: 50 })
  })

  it("Image to Video, Reference to Video and Edit Video build their requests", async () => {
    const recorded = newRecorded()
    const items = [
      { resource: "video", operation: "imageToVideo", imageUrl: " https://img.example.com/a.png ", duration: 4, resultMode: "submit" },
      {
        resource: "video",
        operation: "referenceToVideo",
        prompt: "character1 waves",
        // One string from an expression or a tool: split on commas and new lines.
        referenceImages: "https://img.example.com/a.png, https://img.example.com/b.png\nhttps://img.example.com/c.png",
        additionalFields: { referenceType: "style" },
        resultMode: "submit",
      },
      {
        resource: "video",
        operation: "editVideo",
        prompt: "make it snow",
        videoUrl: "https://v.example.com/in.mp4",
        referenceImages: ["https://img.example.com/s.png", " "],
        audio: "regenerate",
        resultMode: "submit",
      },
    ]
    // The operation is the node's, the same for every item: one run each, on EvoLink, which offers all four kinds.
    for (const item of items) await runItems(fakePort({ items: [item] }), services(recorded, fakeClient(recorded, {}, "evolink")))
    expect(recorded.submitted).toEqual([
      { kind: "image-to-video", image: "https://img.example.com/a.png", duration: 4, resolution: "720P" },
      {
        kind: "reference-to-video",
        prompt: "character1 waves",
        images: ["https://img.example.com/a.png", "https://img.example.com/b.png", "https://img.example.com/c.png"],
        referenceType: "style",
        resolution: "720P",
      },
      { kind: "video-edit", prompt: "make it snow", video: "https://v.example.com/in.mp4", images: ["https://img.example.com/s.png"], audio: "regenerate", resolution: "720P" },
    ])
  })

  it("waits with Max Wait, then streams the MP4 into the named binary property and cleans up", async () => {
    const recorded = newRecorded()
    const binaries: Array<BinaryCall> = []
    const tempRoot = await mkdtemp(join(tmpdir(), "hh-n8n-unit-"))
    const [out] = await runItems(
      fakePort({
        binaries,
        items: [{ resource: "video", operation: "textToVideo", prompt: "a horse", options: { maxWaitMinutes: 2, binaryPropertyName: "video" } }],
      }),
      { ...services(recorded), tempRoot },
    )
    expect(recorded.watched).toEqual([{ taskId: "task-1", timeoutMs: 120_000 }])
    expect(recorded.downloads[0]?.url).toBe("https://cdn.example.com/v.mp4")
    expect(binaries).toEqual([{ fileName: "task-1.mp4", mimeType: "video/mp4", bytes: fakeMp4.length }])
    const item = out?.[0]
    expect(item?.json).toMatchObject({ taskId: "task-1", status: "succeeded", duration: 5, resolution: "720P", fileName: "task-1.mp4", bytes: fakeMp4.length, estimatedCostUsd: 0.5 })
    expect(Object.keys(item?.binary ?? {})).toEqual(["video"])
    expect(item?.pairedItem).toEqual({ item: 0 })
    // The temp folder the core downloaded into is gone once n8n has the stream.
    expect(existsSync(recorded.downloads[0]!.outDir)).toBe(false)
    expect(await readdir(tempRoot)).toEqual([])
  })

  it("waits without downloading when Download as Binary is off", async () => {
    const recorded = newRecorded()
    const [out] = await runItems(
      fakePort({ items: [{ resource: "video", operation: "textToVideo", prompt: "a horse", options: { downloadBinary: false } }] }),
      services(recorded),
    )
    expect(recorded.watched).toEqual([{ taskId: "task-1", timeoutMs: 600_000 }])
    expect(recorded.downloads).toEqual([])
    expect(out?.[0]?.binary).toBeUndefined()
    expect(out?.[0]?.json["videoUrl"]).toBe("https://cdn.example.com/v.mp4")
  })

  it("runs several items with one client and pairs each output with its input", async () => {
    const recorded = newRecorded()
    const [out] = await runItems(
      fakePort({
        items: [
          { resource: "video", operation: "textToVideo", prompt: "one", resultMode: "submit" },
          { resource: "video", operation: "textToVideo", prompt: "two", resultMode: "submit" },
        ],
      }),
      services(recorded),
    )
    expect(out?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }])
    expect(recorded.options).toHaveLength(1)
    expect(recorded.disposed).toBe(1)
  })
})
