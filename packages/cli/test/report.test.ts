import { describe, expect, it } from "@effect/vitest"
import type { TaskRow } from "../src/journal/TaskRow.js"
import { makeReport } from "../src/report/BatchReport.js"
import { renderHtmlReport } from "../src/report/htmlReport.js"
import { batchExit, ExitCode, exitCodeOf } from "../src/output/exitCode.js"

const row = (over: Partial<TaskRow>): TaskRow => ({
  key: "b:1",
  batch: "b",
  gateway: "ttapi",
  base_url: "",
  request: "{}",
  prompt: "p",
  state: "done",
  task_id: "t1",
  video_url: null,
  file: "/out/b_1.mp4",
  bytes: 10,
  cost_usd: 0.7,
  progress: null,
  error_tag: null,
  error: null,
  callback_token: null,
  created_at: 0,
  submitted_at: 1000,
  finished_at: 4000,
  updated_at: 0,
  ...over,
})

describe("reports", () => {
  it("totals states and counts the spend of every accepted task, finished or not, but not one the gateway failed", () => {
    const report = makeReport(
      "b",
      "ttapi",
      0,
      [
        row({}),
        row({ key: "b:2", state: "failed", error_tag: "TaskFailed", error: "nope", cost_usd: 0.7 }),
        row({ key: "b:3", state: "in-doubt", task_id: null, file: null }),
        // Accepted, then an outage while watching: paid, and still to be continued.
        row({ key: "b:4", state: "running", task_id: "t4", file: null, error_tag: "TransportError", error: "ECONNREFUSED", cost_usd: 0.5 }),
        row({ key: "b:5", state: "succeeded", task_id: "t5", file: null, error_tag: "DownloadFailed", error: "cut", cost_usd: 0.25 }),
      ],
      2,
    )
    expect(report.totals).toMatchObject({ tasks: 5, done: 1, failed: 1, inDoubt: 1, unfinished: 2, costUsd: 1.45 })
    expect(report.tasks.map((t) => t.costUsd)).toEqual([0.7, null, null, 0.5, 0.25])
    expect(report.tasks[0]?.elapsedMs).toBe(3000)
  })

  it("escapes prompts and errors and links videos relative to the report", () => {
    const report = makeReport("b", "ttapi", 0, [row({ prompt: "<script>alert(1)</script>", error: "a & b", error_tag: "X" })], 0)
    const html = renderHtmlReport(report, "/out")
    expect(html).not.toContain("<script>alert(1)</script>")
    expect(html).toContain("&lt;script&gt;")
    expect(html).toContain('src="b_1.mp4"')
    expect(html).not.toMatch(/<link|<script src|https?:\/\/cdn/)
  })

  it("maps error tags to exit codes a script can tell apart", () => {
    expect(exitCodeOf("ValidationErrors")).toBe(ExitCode.user)
    expect(exitCodeOf("GatewayError")).toBe(ExitCode.gateway)
    expect(exitCodeOf("WatchTimeout")).toBe(ExitCode.timeout)
    expect(exitCodeOf("SubmitInDoubt")).toBe(ExitCode.inDoubt)
    expect(new Set([ExitCode.user, ExitCode.gateway, ExitCode.timeout, ExitCode.inDoubt]).size).toBe(4)
  })

  it("a batch exits with its worst task's code and says which tasks made it so", () => {
    const done = { state: "done", errorTag: null }
    expect(batchExit([done, done])).toEqual({ code: ExitCode.ok, reason: undefined })
    const outage = batchExit([done, { state: "running", errorTag: "TransportError" }, { state: "failed", errorTag: "TaskFailed" }])
    expect(outage.code).toBe(ExitCode.gateway)
    expect(outage.reason).toContain("1 unfinished after TransportError")
    expect(outage.reason).toContain("1 failed (TaskFailed)")
    expect(outage.reason).toContain("happyhorse resume")
    expect(batchExit([{ state: "failed", errorTag: "TaskFailed" }, { state: "in-doubt", errorTag: "SubmitInDoubt" }])).toMatchObject({
      code: ExitCode.inDoubt,
      reason: "exit 5: 1 in-doubt (SubmitInDoubt)",
    })
    expect(batchExit([{ state: "skipped", errorTag: "BudgetExceeded" }]).code).toBe(ExitCode.user)
  })
})
