import * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import { type ClientSettings, POLL_FLOOR, scaled } from "../config/Settings.js"
import { ResultExpired, WatchTimeout } from "../domain/Errors.js"
import { isTerminal, type TaskEvent, type TaskSnapshot, type TaskStatus } from "../domain/TaskStatus.js"
import { DEFAULT_PRIOR, initialPollState, nextPollDelay, type PollPlanOptions, type PollPrior, type PollState } from "./pollPlan.js"

/**
 * Following one task, as plain data and pure steps: what a snapshot means, and when to ask next.
 * `follow` drives one task with it in its own fiber; the Tracker drives thousands from one loop.
 */

const POLL_CEILING_MS = 60_000
/** With a callback coming, the first safety poll waits past almost every task's end. */
const CALLBACK_GRACE_MS = 300_000

/** What stays fixed while a task is followed. Times are real epoch ms. */
export interface FollowPlan {
  readonly taskId: string
  readonly gateway: ClientSettings["gateway"]
  readonly timeScale: number
  readonly startedAt: number
  readonly deadlineAt: number
  readonly viaCallback: boolean
  readonly planOptions: PollPlanOptions
}

/** What changes with each read. */
export interface FollowCursor {
  readonly poll: PollState
  /** The last reported state, so unchanged snapshots report nothing. */
  readonly lastKey: string
  readonly lastStatus: string
}

export const initialCursor: FollowCursor = { poll: initialPollState, lastKey: "", lastStatus: "submitted" }

export const makeFollowPlan = (
  settings: ClientSettings,
  taskId: string,
  now: number,
  options: {
    readonly startedAt?: number | undefined
    readonly deadline?: Duration.DurationInput | undefined
    readonly prior?: PollPrior | undefined
    readonly viaCallback: boolean
  },
): FollowPlan => ({
  taskId,
  gateway: settings.gateway,
  timeScale: settings.timeScale,
  startedAt: options.startedAt ?? now,
  deadlineAt: now + Duration.toMillis(scaled(settings, options.deadline ?? settings.watchDeadline)),
  viaCallback: options.viaCallback,
  planOptions: { floorMs: Duration.toMillis(POLL_FLOOR), ceilingMs: POLL_CEILING_MS, prior: options.prior ?? DEFAULT_PRIOR },
})

/** Snapshots that differ only in what a person does not see (the same state and progress) are one event. */
export const changeKey = (status: TaskStatus): string =>
  status._tag === "Running"
    ? `Running:${status.progress ?? ""}`
    : status._tag === "Unknown"
      ? `Unknown:${status.raw}`
      : status._tag

/** The event a snapshot means; Expired (the gateway no longer knows the task) is an error, not an event. */
export const eventOf = (snapshot: TaskSnapshot, elapsedMs: number): Either.Either<TaskEvent, ResultExpired> => {
  const { status, taskId } = snapshot
  switch (status._tag) {
    case "Queued":
      return Either.right({ _tag: "Progress", taskId, state: "queued", elapsedMs })
    case "Running":
      return Either.right({ _tag: "Progress", taskId, state: "running", progress: status.progress, elapsedMs })
    case "Succeeded":
      return Either.right({
        _tag: "Succeeded",
        taskId,
        videoUrl: status.videoUrl,
        duration: status.duration,
        resolution: status.resolution,
        elapsedMs,
      })
    case "Failed":
      return Either.right({ _tag: "Failed", taskId, code: status.code, reason: status.reason, elapsedMs })
    case "Canceled":
      return Either.right({ _tag: "Canceled", taskId, elapsedMs })
    case "Unknown":
      return Either.right({ _tag: "Progress", taskId, state: "unknown", rawStatus: status.raw, elapsedMs })
    case "Expired":
      return Either.left(
        new ResultExpired({
          gateway: snapshot.gateway,
          taskId,
          detail: `the gateway reports ${status.raw}: the task has expired (ids live 24 h) or never existed`,
        }),
      )
  }
}

export type FollowEnd =
  | { readonly _tag: "Final"; readonly event: TaskEvent }
  | { readonly _tag: "Error"; readonly error: ResultExpired | WatchTimeout }

export interface Observed {
  readonly cursor: FollowCursor
  /** To report, when the snapshot changed what a person sees. */
  readonly event: TaskEvent | undefined
  readonly end: FollowEnd | undefined
}

/** Read one snapshot: report it if it changed, end on a final state, and give up past the deadline. */
export const observe = (plan: FollowPlan, cursor: FollowCursor, snapshot: TaskSnapshot, now: number): Observed => {
  const terminal = isTerminal(snapshot.status)
  const key = changeKey(snapshot.status)
  const seen = { ...cursor, lastStatus: snapshot.rawStatus }
  let event: TaskEvent | undefined
  if (key !== cursor.lastKey || terminal) {
    const meant = eventOf(snapshot, Math.max(0, now - plan.startedAt))
    if (Either.isLeft(meant)) return { cursor: seen, event: undefined, end: { _tag: "Error", error: meant.left } }
    event = meant.right
  }
  const next = { ...seen, lastKey: key }
  if (terminal && event !== undefined) return { cursor: next, event, end: { _tag: "Final", event } }
  if (now >= plan.deadlineAt) {
    const error = new WatchTimeout({
      gateway: plan.gateway,
      taskId: plan.taskId,
      elapsedMs: (now - plan.startedAt) * plan.timeScale,
      lastStatus: snapshot.rawStatus,
    })
    return { cursor: next, event, end: { _tag: "Error", error } }
  }
  return { cursor: next, event, end: undefined }
}

export const progressOf = (snapshot: TaskSnapshot): number | undefined =>
  snapshot.status._tag === "Running" ? snapshot.status.progress : undefined

/**
 * The real wait before the next read. The plan reasons in gateway time; a test time scale shortens
 * the real wait. No wait runs past the deadline.
 */
export const nextDelay = (
  plan: FollowPlan,
  cursor: FollowCursor,
  progress: number | undefined,
  now: number,
): { readonly cursor: FollowCursor; readonly delayMs: number } => {
  const elapsedMs = (now - plan.startedAt) * plan.timeScale
  const next = nextPollDelay(cursor.poll, { elapsedMs, progress }, plan.planOptions)
  const planned = plan.viaCallback ? Math.max(next.delayMs, CALLBACK_GRACE_MS - elapsedMs) : next.delayMs
  return {
    cursor: { ...cursor, poll: next.state },
    delayMs: Math.max(0, Math.min(planned / plan.timeScale, plan.deadlineAt - now)),
  }
}
