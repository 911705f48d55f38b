import { JournalFailed, type JournalPhase, type JournalRecord, type TaskJournal } from "@happyhorse/core"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { randomBytes } from "node:crypto"
import type { JournalError, JournalService } from "./Journal.js"
import type { TaskPatch, TaskRow, TaskState } from "./TaskRow.js"

const phaseOf: Readonly<Record<TaskState, JournalPhase>> = {
  pending: "intent",
  submitting: "submitting",
  "in-doubt": "in-doubt",
  submitted: "submitted",
  running: "submitted",
  succeeded: "succeeded",
  done: "done",
  failed: "failed",
  skipped: "failed",
}

const recordOf = (row: TaskRow): JournalRecord => ({
  key: row.key,
  phase: phaseOf[row.state],
  taskId: row.task_id ?? undefined,
  submittedAt: row.submitted_at ?? undefined,
  viaCallback: row.callback_token !== null,
  videoUrl: row.video_url ?? undefined,
  path: row.file ?? undefined,
  bytes: row.bytes ?? undefined,
  errorTag: row.error_tag ?? undefined,
  error: row.error ?? undefined,
})

const errorFields = (error: { readonly _tag: string; readonly message: string }) => ({ error_tag: error._tag, error: error.message })

/**
 * The CLI's SQLite journal as the core's TaskJournal, for one batch whose intents are already
 * written (runBatch writes every line's intent before the first submit).
 */
export const batchJournal = (journal: JournalService): TaskJournal => {
  const failed = (key: string) => (error: JournalError) => new JournalFailed({ key, detail: error.message })
  const update = (key: string, patch: TaskPatch) => journal.update(key, patch).pipe(Effect.mapError(failed(key)))
  return {
    intend: (key) =>
      journal.get(key).pipe(
        Effect.mapError(failed(key)),
        Effect.flatMap(
          Option.match({
            onNone: () => Effect.fail(new JournalFailed({ key, detail: "the batch holds no such task" })),
            onSome: (row) => Effect.succeed(recordOf(row)),
          }),
        ),
      ),
    submitting: (key) => update(key, { state: "submitting", submitted_at: Date.now() }),
    unsent: (key) => update(key, { state: "pending" }),
    // Generation counts from acceptance, so the poll plan reasons from this time; so does spend.
    submitted: (key, taskId, at, costUsd) => update(key, { state: "submitted", task_id: taskId, submitted_at: at, cost_usd: costUsd }),
    inDoubt: (key, error) => update(key, { state: "in-doubt", ...errorFields(error) }),
    progress: (key, progress) => update(key, { state: "running", progress: progress ?? null }),
    succeeded: (key, videoUrl) => update(key, { state: "succeeded", video_url: videoUrl, progress: 100, error_tag: null, error: null }),
    done: (key, file, costUsd) =>
      update(key, {
        state: "done",
        ...(file === undefined ? {} : { file: file.path, bytes: file.bytes }),
        finished_at: Date.now(),
        error_tag: null,
        error: null,
        cost_usd: costUsd,
      }),
    // A task the budget refused was never sent: skipped, not failed.
    failed: (key, error) =>
      update(key, error._tag === "BudgetExceeded" ? { state: "skipped", ...errorFields(error) } : { state: "failed", ...errorFields(error), finished_at: Date.now() }),
    noted: (key, error) => update(key, errorFields(error)),
  }
}

/** The callback URL for a task: its token is stored before the submit, so the receiver can find it. */
export const callbackUrlFor =
  (journal: JournalService, callbackBase: string) =>
  (key: string): Effect.Effect<string, JournalFailed> =>
    Effect.gen(function* () {
      const row = yield* journal.get(key)
      const token = Option.flatMap(row, (r) => Option.fromNullable(r.callback_token)).pipe(
        Option.getOrElse(() => randomBytes(24).toString("base64url")),
      )
      yield* journal.update(key, { callback_token: token })
      return `${callbackBase}/${token}`
    }).pipe(Effect.mapError((error) => new JournalFailed({ key, detail: error.message })))
