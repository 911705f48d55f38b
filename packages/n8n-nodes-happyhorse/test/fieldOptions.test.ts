import { dialectFor, dialects } from "@happyhorse/core"
import { describe, expect, it } from "@effect/vitest"
import { fieldOptions } from "../shared/fieldOptions.js"

describe("dropdown options per gateway (loadOptions)", () => {
  it("offers each gateway exactly the ratios it accepts, so none is refused after the pick", () => {
    for (const dialect of Object.values(dialects)) {
      const gateway = dialect.capabilities.gateway
      const values = fieldOptions(gateway, "textToVideo", "ratio").map((option) => option.value)
      expect(values, gateway).toEqual([...dialectFor(gateway).capabilities.ratios])
    }
    // The gateways differ: a single fixed list would offer some of them ratios they refuse.
    const sizes = new Set(Object.values(dialects).map((d) => fieldOptions(d.capabilities.gateway, "textToVideo", "ratio").length))
    expect(sizes.size).toBeGreaterThan(1)
  })

  it("offers nothing for an operation without that field, or one the node does not know", () => {
    expect(fieldOptions("evolink", "imageToVideo", "ratio")).toEqual([])
    expect(fieldOptions("evolink", "paint", "ratio")).toEqual([])
  })
})
