import { describe, expect, it } from "@effect/vitest"
import { dialects } from "../../src/index.js"
import { cancelSupport, receiptView, taskView } from "../../src/surface/index.js"

describe("the flat task view", () => {
  it("has the same keys for every status, and joins a relative result path to the base URL", () => {
    const finished = taskView(
      {
        taskId: "t1",
        gateway: "tokenbay",
        rawStatus: "completed",
        status: { _tag: "Succeeded", videoUrl: "/v1/videos/t1/content", duration: 5 },
      },
      { baseUrl: "https://api.tokenbay.com/" },
    )
    expect(finished).toEqual({
      taskId: "t1",
      gateway: "tokenbay",
      status: "succeeded",
      rawStatus: "completed",
      progress: 100,
      videoUrl: "https://api.tokenbay.com/v1/videos/t1/content",
      duration: 5,
      resolution: null,
      failureCode: null,
      failureReason: null,
      finished: true,
    })
    const failed = taskView({ taskId: "t2", gateway: "ttapi", rawStatus: "FAILED", status: { _tag: "Failed", code: "X", reason: "no" } })
    const running = taskView({ taskId: "t3", gateway: "ttapi", rawStatus: "RUNNING", status: { _tag: "Running", progress: 40 } })
    const receipt = receiptView({ taskId: "t4", gateway: "ttapi" })
    for (const view of [failed, running, receipt]) expect(Object.keys(view).sort()).toEqual(Object.keys(finished).sort())
    expect(failed).toMatchObject({ status: "failed", failureCode: "X", failureReason: "no", finished: true })
    expect(running).toMatchObject({ status: "running", progress: 40, finished: false })
    expect(receipt).toMatchObject({ status: "submitted", finished: false })
  })
})

describe("cancel support", () => {
  it("follows the capability flag: no dialect documents a cancel call today", () => {
    for (const dialect of Object.values(dialects)) {
      const support = cancelSupport(dialect.capabilities)
      expect(support.supported).toBe(dialect.capabilities.cancel)
      expect(support.supported).toBe(false)
      expect(support.note).toContain("may still finish")
    }
  })
})
