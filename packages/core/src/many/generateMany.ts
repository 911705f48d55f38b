import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import { type CostEstimate, estimateCost } from "../cost/estimate.js"
import {
  type BudgetExceeded,
  type DownloadFailed,
  type ResultExpired,
  SubmitInDoubt,
  TaskCanceled,
  TaskFailed,
  type ValidationErrors,
} from "../domain/Errors.js"
import type { GatewayName } from "../domain/Gateway.js"
import type { SubmitReceipt, TaskEvent } from "../domain/TaskStatus.js"
import type { NormalizedRequest } from "../domain/VideoRequest.js"
import type { HappyHorseClient } from "../Client.js"
import type { DownloadResult } from "../lifecycle/download.js"
import { endsAcceptedTask } from "../lifecycle/acceptedTask.js"
import { safeFileName } from "../lifecycle/fileName.js"
import type { SubmitError } from "../lifecycle/submit.js"
import type { WatchError } from "../lifecycle/watch.js"
import { type Governor, makeGovernor } from "./Governor.js"
import { JournalFailed, type JournalRecord, makeMemoryJournal, type TaskJournal } from "./TaskJournal.js"

/** One request of many; `key` names it in the journal (default: its position). */
export interface ManyItem {
  readonly key?: string
  readonly request: unknown
}

/** A failure of one task; the others go on. */
export type ManyError = ValidationErrors | SubmitError | WatchError | TaskFailed | TaskCanceled | DownloadFailed | BudgetExceeded | JournalFailed

export type ManyResult =
  | {
      readonly _tag: "Success"
      readonly index: number
      readonly key: string
      readonly taskId: string
      readonly videoUrl: string
      readonly file: DownloadResult | undefined
    }
  | { readonly _tag: "Failure"; readonly index: number; readonly key: string; readonly taskId: string | undefined; readonly error: ManyError }

/** What happens to each task, as it happens. */
export type ManyEvent =
  | { readonly _tag: "Submitting"; readonly index: number; readonly key: string }
  | { readonly _tag: "Submitted"; readonly index: number; readonly key: string; readonly taskId: string }
  | { readonly _tag: "Task"; readonly index: number; readonly key: string; readonly event: TaskEvent }
  | {
      readonly _tag: "Downloading"
      readonly index: number
      readonly key: string
      readonly received: number
      readonly total: number | undefined
    }
  | { readonly _tag: "Finished"; readonly result: ManyResult }

/** Counts over the whole run, after every change. */
export interface ManyProgress {
  readonly total: number
  readonly submitted: number
  readonly succeeded: number
  readonly failed: number
  readonly inDoubt: number
  /** Submits the gateway refused with 429. */
  readonly rateLimited: number
}

export interface GenerateManyOptions {
  /** Tasks between submit and download at once (default 8). */
  readonly concurrency?: number
  /** Starting submits per second, in gateway time (default 1); the governor adapts it. */
  readonly rate?: number
  /** A governor shared with other runs; otherwise one is made from `rate` and `budgetUsd`. */
  readonly governor?: Governor
  /** Refuse tasks whose estimate would take this run's spend past this many USD. */
  readonly budgetUsd?: number
  /** Spent already (e.g. by an earlier run of the same journal), counted against the budget. */
  readonly spentUsd?: number
  /** Each task's watch deadline, in gateway time. */
  readonly deadline?: Duration.DurationInput
  /** Download each video here; without it each result stops at its URL. */
  readonly outDir?: string
  readonly fileName?: (key: string, taskId: string) => string
  /** Default: in memory. */
  readonly journal?: TaskJournal
  /** A callback URL for a task, just before it is sent (e.g. a webhook receiver's). */
  readonly callbackUrl?: (key: string) => Effect.Effect<string | undefined, JournalFailed>
  readonly onEvent?: (event: ManyEvent) => Effect.Effect<void>
  readonly onProgress?: (progress: ManyProgress) => Effect.Effect<void>
}

/** What generateMany needs of a client: `HappyHorseClient`'s own calls, and a submit that sends once. */
export interface ManyClient extends Pick<HappyHorseClient, "gateway" | "validate" | "track" | "download"> {
  readonly timeScale: number
  /** One send; a 429 comes back at once as RateLimited, for the governor to pace the resend. */
  readonly submitOnce: (request: NormalizedRequest) => Effect.Effect<SubmitReceipt, SubmitError>
}

/** Resends of one submit refused with 429 before it fails as RateLimited, each in a paced turn. */
const RATE_LIMITED_TRIES = 100

const described = (error: { readonly _tag: string; readonly message: string }) => ({ _tag: error._tag, message: error.message })

/** A stored failure from an earlier run, as the typed error the result carries. */
const earlier = (record: JournalRecord, gateway: GatewayName): ManyError => {
  const reason = record.error ?? "failed in an earlier run"
  if (record.phase === "in-doubt") return new SubmitInDoubt({ gateway, reason, sentAt: record.submittedAt ?? 0 })
  if (record.taskId !== undefined && record.errorTag === "TaskCanceled") return new TaskCanceled({ gateway, taskId: record.taskId })
  if (record.taskId !== undefined) return new TaskFailed({ gateway, taskId: record.taskId, reason })
  return new JournalFailed({ key: record.key, detail: `${record.errorTag ?? "failed"} in an earlier run: ${reason}` })
}

/**
 * Runs many requests as one effect: each is journaled, submitted once under the governor's
 * adaptive rate and the budget, followed by the client's one Tracker, and downloaded. Results come
 * in input order, each a success or a typed failure; one task's failure never stops the others.
 *
 * A submit that may have reached the gateway is never sent again: a record found at `submitting`
 * (a crash mid-send) or a SubmitInDoubt is reported in doubt. Interrupting the run stops new
 * submits and ends the watches; a submit already on the wire finishes, so its task id is recorded.
 */
export const generateMany = (
  client: ManyClient,
  items: ReadonlyArray<ManyItem>,
  options: GenerateManyOptions = {},
): Effect.Effect<ReadonlyArray<ManyResult>> =>
  Effect.gen(function* () {
    const journal = options.journal ?? makeMemoryJournal()
    const governor =
      options.governor ??
      (yield* makeGovernor({
        rate: options.rate ?? 1,
        budgetUsd: options.budgetUsd,
        spentUsd: options.spentUsd ?? 0,
        timeScale: client.timeScale,
      }))
    const emit = options.onEvent ?? (() => Effect.void)
    const counts = yield* Ref.make<ManyProgress>({
      total: items.length,
      submitted: 0,
      succeeded: 0,
      failed: 0,
      inDoubt: 0,
      rateLimited: 0,
    })
    const count = (change: (p: ManyProgress) => ManyProgress) =>
      Effect.flatMap(Ref.updateAndGet(counts, change), (p) => (options.onProgress ?? (() => Effect.void))(p))
    const deadlineMs = options.deadline === undefined ? undefined : Duration.toMillis(Duration.decode(options.deadline))

    const runOne = (item: ManyItem, index: number): Effect.Effect<ManyResult> => {
      const key = item.key ?? String(index)
      let taskId: string | undefined
      const fail = (error: ManyError): ManyResult => ({ _tag: "Failure", index, key, taskId, error })

      const submitPhase = (request: NormalizedRequest, cost: CostEstimate) =>
        Effect.gen(function* () {
          yield* governor.reserve(cost.usd).pipe(Effect.tapError((error) => journal.failed(key, described(error))))
          const callbackUrl = options.callbackUrl === undefined ? undefined : yield* options.callbackUrl(key)
          const body: NormalizedRequest = callbackUrl === undefined ? request : { ...request, callbackUrl }
          // Waiting for a turn can be interrupted; a send that has begun cannot, so its id is recorded.
          const send = governor.exclusive(
            Effect.zipRight(
              governor.permit,
              Effect.uninterruptible(
                Effect.gen(function* () {
                  yield* journal.submitting(key)
                  yield* emit({ _tag: "Submitting", index, key })
                  const receipt = yield* Effect.either(client.submitOnce(body))
                  if (receipt._tag === "Right") {
                    const at = yield* Clock.currentTimeMillis
                    yield* journal.submitted(key, receipt.right.taskId, at, cost.usd)
                    return receipt.right
                  }
                  const error = receipt.left
                  if (error._tag === "SubmitInDoubt") yield* journal.inDoubt(key, described(error))
                  else yield* journal.unsent(key)
                  // The governor learns of a 429 before the next submit may take its turn.
                  if (error._tag === "RateLimited") {
                    yield* governor.rateLimited
                    if (error.retryAfterMs !== undefined) yield* governor.holdFor(error.retryAfterMs)
                    yield* count((p) => ({ ...p, rateLimited: p.rateLimited + 1 }))
                  }
                  return yield* Effect.fail(error)
                }),
              ),
            ),
          )
          const receipt = yield* send.pipe(
            Effect.retry({ while: (error) => error._tag === "RateLimited", times: RATE_LIMITED_TRIES }),
            Effect.tapError((error) =>
              error._tag === "SubmitInDoubt" || error._tag === "JournalFailed"
                ? Effect.void
                : Effect.zipRight(governor.release(cost.usd), journal.failed(key, described(error))),
            ),
          )
          yield* governor.accepted
          return { receipt, viaCallback: callbackUrl !== undefined, at: yield* Clock.currentTimeMillis }
        })

      const watchPhase = (id: string, startedAt: number, viaCallback: boolean, resumed: boolean) =>
        Effect.gen(function* () {
          const final = yield* client
            .track(
              id,
              {
                startedAt,
                pollImmediately: resumed,
                viaCallback,
                ...(deadlineMs === undefined ? {} : { deadline: deadlineMs }),
              },
              (event) =>
                Effect.zipRight(
                  event._tag === "Progress" ? Effect.ignore(journal.progress(key, event.progress)) : Effect.void,
                  emit({ _tag: "Task", index, key, event }),
                ),
            )
            .pipe(
              // A watch that ran out of time leaves the task as it is: it may still finish, and a rerun watches it again.
              // An accepted task is paid for: only the gateway's own final word ends it. An outage, a 5xx
              // or a deadline leaves it where it is, with the error noted, for a rerun to continue.
              Effect.tapError((error) =>
                endsAcceptedTask(error) ? journal.failed(key, described(error)) : journal.noted(key, described(error)),
              ),
            )
          if (final._tag === "Succeeded") {
            yield* journal.succeeded(key, final.videoUrl)
            return final.videoUrl
          }
          const error: ManyError =
            final._tag === "Failed"
              ? new TaskFailed({
                  gateway: client.gateway,
                  taskId: id,
                  reason: final.reason,
                  ...(final.code === undefined ? {} : { code: final.code }),
                })
              : new TaskCanceled({ gateway: client.gateway, taskId: id })
          yield* journal.failed(key, described(error))
          return yield* Effect.fail(error)
        })

      const downloadPhase = (id: string, url: string, costUsd: number) =>
        Effect.gen(function* () {
          if (options.outDir === undefined) {
            yield* journal.done(key, undefined, costUsd)
            return undefined
          }
          const file = yield* client
            .download(id, url, {
              outDir: options.outDir,
              fileName: options.fileName?.(key, id) ?? safeFileName(id),
              onProgress: (received, total) => emit({ _tag: "Downloading", index, key, received, total }),
            })
            // Unless the result has expired, the video stays on the gateway: a rerun downloads it again.
            .pipe(
              Effect.tapError((error) =>
                endsAcceptedTask(error) ? journal.failed(key, described(error)) : journal.noted(key, described(error)),
              ),
            )
          yield* journal.done(key, file, costUsd)
          return file
        })

      const flow = Effect.gen(function* () {
        let record = yield* journal.intend(key, item.request)
        taskId = record.taskId
        if (record.phase === "submitting") {
          // Found mid-send: a crash left it; it may have been accepted and billed.
          const error = new SubmitInDoubt({
            gateway: client.gateway,
            reason: "the submit was on its way when an earlier run stopped; it may have been accepted and billed",
            sentAt: record.submittedAt ?? 0,
          })
          yield* journal.inDoubt(key, described(error))
          return yield* Effect.fail<ManyError>(error)
        }
        if (record.phase === "in-doubt" || record.phase === "failed") return yield* Effect.fail(earlier(record, client.gateway))
        if (record.phase === "done") {
          return {
            _tag: "Success",
            index,
            key,
            taskId: record.taskId ?? "",
            videoUrl: record.videoUrl ?? "",
            file: record.path === undefined ? undefined : { path: record.path, bytes: record.bytes ?? 0 },
          } satisfies ManyResult
        }
        const request = yield* client.validate(item.request).pipe(Effect.tapError((error) => journal.failed(key, described(error))))
        const cost = estimateCost(client.gateway, request)
        let resumed = true
        if (record.phase === "intent") {
          const sent = yield* submitPhase(request, cost)
          taskId = sent.receipt.taskId
          resumed = false
          yield* count((p) => ({ ...p, submitted: p.submitted + 1 }))
          yield* emit({ _tag: "Submitted", index, key, taskId })
          record = { ...record, phase: "submitted", taskId, submittedAt: sent.at, viaCallback: sent.viaCallback }
        }
        const id = record.taskId ?? ""
        const videoUrl =
          record.phase === "succeeded" && record.videoUrl !== undefined
            ? record.videoUrl
            : yield* watchPhase(id, record.submittedAt ?? (yield* Clock.currentTimeMillis), record.viaCallback === true, resumed)
        const file = yield* downloadPhase(id, videoUrl, cost.usd)
        return { _tag: "Success", index, key, taskId: id, videoUrl, file } satisfies ManyResult
      })

      return flow.pipe(
        Effect.catchAll((error: ManyError) => Effect.succeed(fail(error))),
        Effect.tap((result) =>
          Effect.zipRight(
            count((p) =>
              result._tag === "Success"
                ? { ...p, succeeded: p.succeeded + 1 }
                : result.error._tag === "SubmitInDoubt"
                  ? { ...p, inDoubt: p.inDoubt + 1 }
                  : { ...p, failed: p.failed + 1 },
            ),
            emit({ _tag: "Finished", result }),
          ),
        ),
      )
    }

    return yield* Effect.forEach(items, runOne, { concurrency: options.concurrency ?? 8 })
  })
