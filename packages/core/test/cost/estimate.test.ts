import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { makeBudgetGuard } from "../../src/cost/BudgetGuard.js"
import { estimateCost } from "../../src/cost/estimate.js"
import { normalized } from "../support/requests.js"

const base = normalized({ kind: "text-to-video", prompt: "p", ratio: "16:9", duration: 5 })

describe("cost", () => {
  it("bills output seconds at the gateway's published rate by resolution", () => {
    expect(estimateCost("acedata", base).usd).toBeCloseTo(0.525)
    expect(estimateCost("acedata", { ...base, resolution: "1080P", duration: 10 }).usd).toBeCloseTo(1.8)
    expect(estimateCost("evolink", { ...base, duration: 15 }).usd).toBeCloseTo(2.085)
    expect(estimateCost("acedata", base).basis).toBe("published")
    expect(estimateCost("ttapi", base).basis).toBe("reference")
  })

  it("bills an edit as input plus output seconds, assuming the most when the input length is unknown", () => {
    const edit = { ...base, kind: "video-edit" as const, duration: undefined, ratio: undefined, video: "https://x.test/v.mp4" }
    expect(estimateCost("acedata", { ...edit, videoDuration: 8 }).billedSeconds).toBe(16)
    expect(estimateCost("acedata", { ...edit, videoDuration: 40 }).billedSeconds).toBe(30)
    expect(estimateCost("acedata", edit).billedSeconds).toBe(30)
  })

  it.effect("the budget guard refuses work over the limit and spends nothing for it", () =>
    Effect.gen(function* () {
      const guard = yield* makeBudgetGuard(1)
      yield* guard.reserve(0.6)
      const refused = yield* Effect.exit(guard.reserve(0.6))
      expect(Exit.isFailure(refused)).toBe(true)
      expect(yield* guard.spent).toBeCloseTo(0.6)
      yield* guard.release(0.6)
      yield* guard.reserve(0.9)
      expect(yield* guard.spent).toBeCloseTo(0.9)
    }),
  )
})
