import {
  endsAcceptedTask,
  type GenerateError,
  HappyHorse,
  safeFileName,
  type TaskEvent,
  TaskFailed,
  TaskCanceled,
  type ValidationErrors,
} from "@happyhorse/core"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { randomBytes } from "node:crypto"
import { Journal, type JournalError } from "../journal/Journal.js"
import type { TaskRow } from "../journal/TaskRow.js"
import type { Governor } from "@happyhorse/core"

export type RunError = ValidationErrors | GenerateError | JournalError

/** What happens to one task, for progress display. */
export type RunEvent =
  | { readonly _tag: "Submitting"; readonly key: string }
  | { readonly _tag: "Submitted"; readonly key: string; readonly taskId: string }
  | { readonly _tag: "Task"; readonly key: string; readonly event: TaskEvent }
  | { readonly _tag: "Downloading"; readonly key: string; readonly received: number; readonly total: number | undefined }
  | { readonly _tag: "Done"; readonly key: string; readonly row: TaskRow }

export interface RunOptions {
  readonly outDir: string
  /** Stop after the submit (the task id is in the journal). */
  readonly wait: boolean
  /** Deadline of this task's watch, in ms of gateway time. */
  readonly deadlineMs?: number | undefined
  readonly governor?: Governor | undefined
  /** With a webhook receiver: `${callbackBase}/${token}` goes with the submit. */
  readonly callbackBase?: string | undefined
  /** File name for the video; default the task id. */
  readonly fileName?: string | undefined
  readonly onEvent?: ((event: RunEvent) => Effect.Effect<void>) | undefined
}

/** Under a governor: sends of one submit refused with 429 before it fails as RateLimited (each after Retry-After). */
const RATE_LIMITED_TRIES = 100

const errorFields = (error: { readonly _tag: string; readonly message: string }) => ({ error_tag: error._tag, error: error.message })

/**
 * Take one journaled task as far as it goes: submit it (once), watch it, download it.
 * Every step is written to the journal before the next begins, so a rerun continues where
 * this one stopped and never pays twice.
 */
export const runTask = (
  key: string,
  options: RunOptions,
): Effect.Effect<TaskRow, RunError, HappyHorse | Journal> =>
  Effect.gen(function* () {
    const journal = yield* Journal
    const client = yield* HappyHorse
    const emit = options.onEvent ?? (() => Effect.void)
    const reload = Effect.map(journal.get(key), Option.getOrThrowWith(() => new Error(`task ${key} is not in the journal`)))
    let row = yield* reload
    const input = JSON.parse(row.request) as Record<string, unknown>

    if (row.state === "pending") {
      const estimate = yield* client.estimate(input).pipe(
        Effect.tapError((error) => journal.update(key, { state: "failed", ...errorFields(error), finished_at: Date.now() })),
      )
      const governor = options.governor
      if (governor !== undefined) {
        const refused = yield* governor.reserve(estimate.usd).pipe(Effect.as(false), Effect.catchTag("BudgetExceeded", (error) =>
          Effect.as(journal.update(key, { state: "skipped", ...errorFields(error) }), true),
        ))
        if (refused) return yield* reload
      }
      const token = options.callbackBase === undefined ? undefined : row.callback_token ?? randomBytes(24).toString("base64url")
      const body = token === undefined ? input : { ...input, callbackUrl: `${options.callbackBase}/${token}` }
      // The intent goes on disk in the submit's own turn, just before the body leaves: a crash can
      // leave in doubt only the submit on the wire, not every task still waiting for its turn.
      const send = Effect.gen(function* () {
        if (governor !== undefined) yield* governor.permit
        yield* journal.update(key, { state: "submitting", submitted_at: Date.now(), ...(token === undefined ? {} : { callback_token: token }) })
        yield* emit({ _tag: "Submitting", key })
        return yield* client.submit(body)
      })
      const receipt = yield* (governor === undefined ? send : governor.exclusive(send)).pipe(
        // A 429 means the gateway took nothing: the task waits as pending again, and is sent after
        // Retry-After in a paced turn.
        Effect.tapError((error) =>
          error._tag === "RateLimited"
            ? Effect.zipRight(
                journal.update(key, { state: "pending" }),
                governor !== undefined && error.retryAfterMs !== undefined ? governor.holdFor(error.retryAfterMs) : Effect.void,
              )
            : Effect.void,
        ),
        // Without a governor the core has already resent it after each Retry-After.
        Effect.retry({ while: (error) => error._tag === "RateLimited", times: governor === undefined ? 0 : RATE_LIMITED_TRIES }),
        Effect.tapError((error) =>
          Effect.zipRight(
            error._tag === "SubmitInDoubt"
              ? journal.update(key, { state: "in-doubt", ...errorFields(error) })
              : journal.update(key, { state: "failed", ...errorFields(error), finished_at: Date.now() }),
            error._tag === "SubmitInDoubt" || governor === undefined ? Effect.void : governor.release(estimate.usd),
          ),
        ),
      )
      // Generation starts when the gateway accepts, not when the intent was written: a submit may
      // wait its turn under the governor, and the poll plan reasons from this time.
      // Spend counts from acceptance: the report shows it whether or not the task finishes here.
      yield* journal.update(key, { state: "submitted", task_id: receipt.taskId, submitted_at: Date.now(), cost_usd: estimate.usd })
      if (governor !== undefined) yield* governor.accepted
      yield* emit({ _tag: "Submitted", key, taskId: receipt.taskId })
      row = yield* reload
    }

    if (!options.wait) return row

    if ((row.state === "submitted" || row.state === "running") && row.task_id !== null) {
      const taskId = row.task_id
      const final = yield* client
        .watch(taskId, {
          pollImmediately: row.state === "running" || row.error_tag !== null,
          viaCallback: row.callback_token !== null,
          ...(row.submitted_at === null ? {} : { startedAt: Math.min(row.submitted_at, Date.now()) }),
          ...(options.deadlineMs === undefined ? {} : { deadline: options.deadlineMs }),
        })
        .pipe(
          Stream.tap((event) =>
            Effect.zipRight(
              event._tag === "Progress"
                ? journal.update(key, { state: "running", progress: event.progress ?? null })
                : Effect.void,
              emit({ _tag: "Task", key, event }),
            ),
          ),
          Stream.runLast,
          // An accepted task is paid for: only the gateway's own final word ends it. An outage, a
          // 5xx or a deadline leaves it as it was, with the error noted, for resume or a rerun.
          Effect.tapError((error) =>
            endsAcceptedTask(error)
              ? journal.update(key, { state: "failed", ...errorFields(error), finished_at: Date.now() })
              : journal.update(key, errorFields(error)),
          ),
        )
      const last = Option.getOrUndefined(final)
      if (last?._tag === "Succeeded") {
        yield* journal.update(key, { state: "succeeded", video_url: last.videoUrl, progress: 100, error_tag: null, error: null })
      } else {
        const error =
          last?._tag === "Failed"
            ? new TaskFailed({ gateway: client.gateway, taskId, reason: last.reason, ...(last.code === undefined ? {} : { code: last.code }) })
            : new TaskCanceled({ gateway: client.gateway, taskId })
        yield* journal.update(key, { state: "failed", ...errorFields(error), finished_at: Date.now() })
        return yield* Effect.fail(error)
      }
      row = yield* reload
    }

    if (row.state === "succeeded" && row.task_id !== null && row.video_url !== null) {
      const taskId = row.task_id
      const file = yield* client
        .download(taskId, row.video_url, {
          outDir: options.outDir,
          fileName: options.fileName ?? safeFileName(taskId),
          onProgress: (received, total) =>
            options.onEvent === undefined ? Effect.void : emit({ _tag: "Downloading", key, received, total }),
        })
        .pipe(
          Effect.tapError((error) =>
            endsAcceptedTask(error)
              ? journal.update(key, { state: "failed", ...errorFields(error), finished_at: Date.now() })
              : journal.update(key, errorFields(error)),
          ),
        )
      const estimate = yield* client.estimate(input).pipe(Effect.option)
      yield* journal.update(key, {
        state: "done",
        file: file.path,
        bytes: file.bytes,
        finished_at: Date.now(),
        error_tag: null,
        error: null,
        ...(Option.isSome(estimate) ? { cost_usd: estimate.value.usd } : {}),
      })
      row = yield* reload
    }
    yield* emit({ _tag: "Done", key, row })
    return row
  })
