import { describe, expect, it } from "@effect/vitest"
import { gatewayNames } from "../../src/domain/Gateway.js"
import { dialectFor, dialects } from "../../src/providers/registry.js"

describe("registry", () => {
  it.each(gatewayNames)("%s has its own dialect, named and described for that gateway", (name) => {
    const dialect = dialectFor(name)
    expect(dialect).toBe(dialects[name])
    expect(dialect.name).toBe(name)
    expect(dialect.capabilities.gateway).toBe(name)
    expect(dialect.capabilities.sources.length).toBeGreaterThan(0)
    expect(dialect.defaultBaseUrl).toMatch(/^https:\/\/[a-z0-9.-]+$/)
  })

  it.each(gatewayNames)("%s offers exactly the optional calls its capabilities promise", (name) => {
    const { capabilities: caps, ...calls } = dialectFor(name)
    expect(calls.decodeCallback !== undefined).toBe(caps.callbacks)
    expect(calls.decodeStreamLine !== undefined).toBe(caps.ndjson)
    expect(calls.encodeBatchQuery !== undefined).toBe(caps.batchQuery > 0)
    expect(calls.decodeBatchQuery !== undefined).toBe(caps.batchQuery > 0)
    expect(calls.contentPath !== undefined).toBe(caps.contentRange)
    expect(calls.encodeCancel !== undefined).toBe(caps.cancel)
  })

  it("capability facts per gateway", () => {
    const summary = Object.fromEntries(
      gatewayNames.map((name) => {
        const c = dialects[name].capabilities
        return [name, { models: c.models, ratios: c.ratios.length, seed: c.seed, callbacks: c.callbacks, ndjson: c.ndjson, batch: c.batchQuery }]
      }),
    )
    const all = { "text-to-video": ["1.0", "1.1"], "image-to-video": ["1.0", "1.1"], "reference-to-video": ["1.0", "1.1"], "video-edit": ["1.0"] }
    const seed = { min: 0, max: 2147483647 }
    expect(summary).toEqual({
      ttapi: { models: all, ratios: 5, seed, callbacks: false, ndjson: false, batch: 0 },
      dashscope: { models: all, ratios: 5, seed, callbacks: false, ndjson: false, batch: 0 },
      tokenbay: {
        models: { "text-to-video": ["1.0"], "image-to-video": ["1.0"], "reference-to-video": ["1.0"] },
        ratios: 9,
        seed,
        callbacks: false,
        ndjson: false,
        batch: 0,
      },
      evolink: { models: all, ratios: 9, seed: { min: 1, max: 2147483647 }, callbacks: true, ndjson: false, batch: 0 },
      acedata: { models: all, ratios: 9, seed, callbacks: true, ndjson: true, batch: 50 },
    })
    expect(dialects.tokenbay.capabilities.contentRange).toBe(true)
  })
})

describe("capabilities are read off what a dialect implements", () => {
  it("a flag is set exactly when the dialect has the function behind it", async () => {
    const { dialects } = await import("../../src/providers/registry.js")
    const { makeDialect } = await import("../../src/providers/Dialect.js")
    for (const dialect of Object.values(dialects)) {
      const caps = dialect.capabilities
      expect(caps.callbacks).toBe(dialect.decodeCallback !== undefined)
      expect(caps.ndjson).toBe(dialect.decodeStreamLine !== undefined)
      expect(caps.contentRange).toBe(dialect.contentPath !== undefined)
      expect(caps.cancel).toBe(dialect.encodeCancel !== undefined)
      expect(caps.batchQuery > 0).toBe(dialect.encodeBatchQuery !== undefined)
    }
    // A dialect that drops its callback decoder no longer claims callbacks.
    const { capabilities, decodeCallback: _dropped, ...evolinkWithout } = dialects.evolink
    const derived = makeDialect({ ...evolinkWithout, offers: capabilities })
    expect(derived.capabilities.callbacks).toBe(false)
  })
})
