import type { TaskRow } from "../journal/TaskRow.js"

/** One task in a report: what a person needs to see, never a key. */
export interface ReportTask {
  readonly key: string
  readonly taskId: string | null
  readonly prompt: string | null
  readonly state: string
  readonly file: string | null
  readonly bytes: number | null
  readonly costUsd: number | null
  readonly submittedAt: string | null
  readonly finishedAt: string | null
  readonly elapsedMs: number | null
  readonly errorTag: string | null
  readonly error: string | null
}

export interface BatchReport {
  readonly batch: string
  readonly gateway: string
  readonly startedAt: string
  readonly finishedAt: string
  readonly totals: {
    readonly tasks: number
    readonly done: number
    readonly failed: number
    readonly inDoubt: number
    readonly skipped: number
    readonly unfinished: number
    readonly costUsd: number
  }
  readonly rateLimited: number
  readonly tasks: ReadonlyArray<ReportTask>
}

/**
 * What a task costs: every task the gateway accepted, finished or not, except one the gateway
 * itself failed (failed tasks are not billed).
 */
const spendOf = (row: TaskRow): number | null =>
  row.task_id !== null && row.error_tag !== "TaskFailed" ? row.cost_usd : null

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

export const makeReport = (
  batch: string,
  gateway: string,
  startedAt: number,
  rows: ReadonlyArray<TaskRow>,
  rateLimited: number,
): BatchReport => {
  const count = (state: string) => rows.filter((r) => r.state === state).length
  const done = count("done")
  const failed = count("failed")
  const inDoubt = count("in-doubt")
  const skipped = count("skipped")
  return {
    batch,
    gateway,
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: new Date().toISOString(),
    totals: {
      tasks: rows.length,
      done,
      failed,
      inDoubt,
      skipped,
      unfinished: rows.length - done - failed - inDoubt - skipped,
      costUsd: Math.round(rows.reduce((sum, r) => sum + (spendOf(r) ?? 0), 0) * 10_000) / 10_000,
    },
    rateLimited,
    tasks: rows.map((r) => ({
      key: r.key,
      taskId: r.task_id,
      prompt: r.prompt,
      state: r.state,
      file: r.file,
      bytes: r.bytes,
      costUsd: spendOf(r),
      submittedAt: iso(r.submitted_at),
      finishedAt: iso(r.finished_at),
      elapsedMs: r.submitted_at !== null && r.finished_at !== null ? r.finished_at - r.submitted_at : null,
      errorTag: r.error_tag,
      error: r.error,
    })),
  }
}
