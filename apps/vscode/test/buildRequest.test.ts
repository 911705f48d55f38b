import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { buildRequest, describeRequest, extractUrls, promptFromSelection } from "../src/requests/buildRequest.js"
import { defaultSettings, readSettings } from "../src/settings/ExtensionSettings.js"

describe("extractUrls", () => {
  it("finds URLs separated by spaces, commas and lines, drops sentence punctuation and repeats", () => {
    const text = "refs: https://a.example/1.png, https://b.example/2.png.\nhttp://c.example/x?y=1 https://a.example/1.png"
    expect(extractUrls(text)).toEqual(["https://a.example/1.png", "https://b.example/2.png", "http://c.example/x?y=1"])
  })

  it("ignores other schemes", () => {
    expect(extractUrls("file:///etc/passwd ftp://x.example/a data:image/png;base64,AA")).toEqual([])
  })

  it("only ever returns http(s) URLs that occur in the text", () =>
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.webUrl(), fc.string()), { maxLength: 6 }), (parts) => {
        const text = parts.join(" ")
        for (const url of extractUrls(text)) {
          expect(url).toMatch(/^https?:\/\//i)
          expect(text).toContain(url)
        }
      }),
      { numRuns: 40 },
    ))
})

describe("buildRequest", () => {
  const defaults = { defaultResolution: "1080P", defaultRatio: "9:16", defaultDuration: 8 } as const

  it("text-to-video takes resolution, ratio and duration from the settings", () => {
    expect(buildRequest({ kind: "text-to-video", prompt: "a horse" }, defaults)).toEqual({
      kind: "text-to-video",
      prompt: "a horse",
      resolution: "1080P",
      ratio: "9:16",
      duration: 8,
    })
  })

  it("image-to-video has no ratio (it follows the image) and an optional prompt", () => {
    const r = buildRequest({ kind: "image-to-video", image: "https://x.example/a.png", prompt: "" }, defaults)
    expect(r).toEqual({ kind: "image-to-video", image: "https://x.example/a.png", resolution: "1080P", duration: 8 })
  })

  it("video-edit has no duration (it follows the input) and images only when given", () => {
    const r = buildRequest({ kind: "video-edit", prompt: "make it night", video: "https://x.example/v.mp4", images: [] }, defaults)
    expect(r).toEqual({ kind: "video-edit", prompt: "make it night", video: "https://x.example/v.mp4", resolution: "1080P" })
  })

  it("reference-to-video keeps the images in order", () => {
    const r = buildRequest({ kind: "reference-to-video", prompt: "character1 runs", images: ["https://a.example/1", "https://a.example/2"] }, defaults)
    expect(r).toMatchObject({ images: ["https://a.example/1", "https://a.example/2"], ratio: "9:16" })
    expect(describeRequest(r)).toBe("character1 runs")
  })

  it("a selection becomes a one-line prompt", () => {
    expect(promptFromSelection("  A horse\n   on a beach\t at dawn \n")).toBe("A horse on a beach at dawn")
  })
})

describe("readSettings", () => {
  it("gives the defaults when nothing is set", () => {
    expect(readSettings({ get: () => undefined })).toEqual(defaultSettings)
  })

  it("reads good values and falls back per field on bad ones", () => {
    const values: Record<string, unknown> = {
      provider: "evolink",
      defaultResolution: "4K",
      defaultDuration: 10,
      confirmCostAboveUsd: -5,
      outputDir: "  ",
      "testing.timeScale": 500,
    }
    const s = readSettings({ get: (k) => values[k] })
    expect(s.provider).toBe("evolink")
    expect(s.defaultResolution).toBe("720P")
    expect(s.defaultDuration).toBe(10)
    expect(s.confirmCostAboveUsd).toBe(0)
    expect(s.outputDir).toBe("happyhorse-videos")
    expect(s.timeScale).toBe(500)
  })
})
