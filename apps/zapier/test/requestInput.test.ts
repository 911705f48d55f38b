import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { editRequest, referencesRequest, textRequest } from "../src/creates/requests.js"
import { readConnection } from "../src/connection.js"

const thrown = (run: () => unknown): unknown => {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error("expected a throw")
}

describe("create inputs to core requests", () => {
  it("drops unmapped fields so the core's defaults apply", () => {
    expect(textRequest({ prompt: "a horse", resolution: "", duration: null, seed: undefined, ratio: " " })).toEqual({
      kind: "text-to-video",
      prompt: "a horse",
    })
  })

  it("reads numbers and booleans given as text, as Zapier hands mapped values over", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_147_483_647 }), fc.boolean(), (seed, watermark) => {
        expect(textRequest({ prompt: "p", seed: String(seed), duration: "7", watermark: String(watermark) })).toEqual({
          kind: "text-to-video",
          prompt: "p",
          seed,
          duration: 7,
          watermark,
        })
      }),
    )
  })

  it("reads a list of images from a list field or from text, one URL per line or comma", () => {
    const urls = ["https://a.example.com/1.png", "https://a.example.com/2.png"]
    for (const images of [urls, urls.join("\n"), ` ${urls.join(" , ")} `]) {
      expect(referencesRequest({ prompt: "p", images, reference_type: "style" })).toMatchObject({ images: urls, referenceType: "style" })
    }
    expect(editRequest({ prompt: "p", video: "https://v.example.com/a.mp4", video_duration: "12" })).toEqual({
      kind: "video-edit",
      prompt: "p",
      video: "https://v.example.com/a.mp4",
      videoDuration: 12,
    })
  })

  it("names every bad field at once", () => {
    const error = thrown(() => textRequest({ resolution: "4K", seed: "many" }))
    expect(error).toMatchObject({ _tag: "ValidationErrors" })
    const message = error instanceof Error ? error.message : ""
    expect(message).toMatch(/prompt/)
    expect(message).toMatch(/resolution/)
    expect(message).toMatch(/seed/)
  })
})

describe("connection fields", () => {
  it("resolves the gateway aliases and treats an empty base URL as the gateway's own", () => {
    expect(readConnection({ gateway: "openai-compatible", api_key: " sk-1 ", base_url: "" })).toEqual({
      gateway: "tokenbay",
      apiKey: "sk-1",
      baseUrl: undefined,
    })
  })

  it("never echoes the key when the connection is incomplete", () => {
    const error = thrown(() => readConnection({ gateway: "evolink", api_key: 42 }))
    expect(error).toMatchObject({ _tag: "ValidationError", field: "api_key" })
    expect(error instanceof Error ? error.message : "").not.toContain("42")
  })
})
