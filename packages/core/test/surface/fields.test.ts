import { describe, expect, it } from "@effect/vitest"
import { dialects, normalizeRequest, offeredModels, VideoKind } from "../../src/index.js"
import { fieldTables, kindOptions, offeredKinds, requestFields } from "../../src/surface/index.js"

const all = Object.values(dialects)

describe("the field tables", () => {
  it("offer each gateway's own ratios, models, seed range and kinds", () => {
    for (const { capabilities } of all) {
      expect(offeredKinds(capabilities)).toEqual(VideoKind.literals.filter((k) => offeredModels(capabilities, k).length > 0))
      expect(kindOptions(capabilities).map((o) => o.value)).toEqual(offeredKinds(capabilities))
      for (const kind of offeredKinds(capabilities)) {
        const fields = requestFields(kind, capabilities)
        const byName = new Map(fields.map((f) => [f.name, f]))
        expect(byName.get("model")?.options?.map((o) => o.value).sort()).toEqual([...offeredModels(capabilities, kind)].sort())
        expect(byName.get("seed")?.range).toEqual(capabilities.seed)
        const ratio = byName.get("ratio")
        if (kind === "text-to-video" || kind === "reference-to-video") {
          expect(ratio?.options?.map((o) => o.value)).toEqual(capabilities.ratios)
        } else {
          expect(ratio).toBeUndefined()
        }
        expect(byName.has("callbackUrl")).toBe(capabilities.callbacks)
      }
    }
  })

  it("video edit offers model 1.0 only, and takes no duration", () => {
    for (const { capabilities } of all) {
      const edit = requestFields("video-edit", capabilities)
      if (edit.length === 0) continue
      expect(edit.find((f) => f.name === "model")?.options?.map((o) => o.value)).toEqual(["1.0"])
      expect(edit.find((f) => f.name === "duration")).toBeUndefined()
    }
  })

  it("marks the schema's required fields required and gives the core's own defaults", () => {
    const caps = dialects.evolink.capabilities
    const t2v = requestFields("text-to-video", caps)
    expect(t2v.filter((f) => f.required).map((f) => f.name)).toEqual(["prompt"])
    expect(requestFields("image-to-video", caps).filter((f) => f.required).map((f) => f.name)).toEqual(["image"])
    expect(requestFields("reference-to-video", caps).filter((f) => f.required).map((f) => f.name).sort()).toEqual(["images", "prompt"])
    const normalized = normalizeRequest({ kind: "text-to-video", prompt: "x" }, caps)
    const defaults = Object.fromEntries(t2v.filter((f) => f.default !== undefined).map((f) => [f.name, f.default]))
    expect(defaults).toEqual({
      model: normalized.model,
      resolution: normalized.resolution,
      ratio: normalized.ratio,
      duration: normalized.duration,
      watermark: normalized.watermark,
    })
  })

  it("gives URL lists their count and numbers their range", () => {
    const caps = dialects.acedata.capabilities
    const images = requestFields("reference-to-video", caps).find((f) => f.name === "images")
    expect(images).toMatchObject({ type: "url-list", range: { min: 1, max: 9 } })
    expect(requestFields("video-edit", caps).find((f) => f.name === "images")?.range).toEqual({ min: 0, max: 5 })
    expect(requestFields("text-to-video", caps).find((f) => f.name === "duration")).toMatchObject({ type: "integer", range: { min: 3, max: 15 } })
  })

  it("is JSON as it stands, one table per offered kind", () => {
    for (const { capabilities } of all) {
      const tables = fieldTables(capabilities)
      expect(Object.keys(tables)).toEqual(offeredKinds(capabilities))
      expect(JSON.parse(JSON.stringify(tables))).toEqual(tables)
    }
  })
})
