import type * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { POLL_FLOOR, scaled } from "../config/Settings.js"
import { ResultExpired, WatchTimeout } from "../domain/Errors.js"
import { isTerminal, type TaskEvent, type TaskSnapshot, type TaskStatus } from "../domain/TaskStatus.js"
import { GatewayTag } from "../http/GatewayCalls.js"
import { CallbackInbox } from "./CallbackInbox.js"
import { DEFAULT_PRIOR, initialPollState, nextPollDelay, type PollPrior, type PollState } from "./pollPlan.js"
import { getTask, type QueryError } from "./query.js"

export type WatchError = QueryError | WatchTimeout | ResultExpired

export interface WatchOptions {
  /** When the task was accepted (epoch ms), for elapsed time; defaults to now. */
  readonly startedAt?: number
  /** Overall deadline, in gateway time; defaults to the client's (10 minutes). */
  readonly deadline?: Duration.DurationInput
  /** Poll at once (resuming a known task) instead of waiting for the first planned poll. */
  readonly pollImmediately?: boolean
  readonly prior?: PollPrior
  /** Wait for a callback (the request carried a callback URL), with only a late safety poll. */
  readonly viaCallback?: boolean
}

const POLL_CEILING_MS = 60_000
/** With a callback coming, the first safety poll waits past almost every task's end. */
const CALLBACK_GRACE_MS = 300_000

/** Snapshots that differ only in what a person does not see (the same state and progress) are one event. */
const changeKey = (status: TaskStatus): string =>
  status._tag === "Running" ? `Running:${status.progress ?? ""}` : status._tag

/** The event a snapshot means; Unknown (expired or never existed) is an error, not an event. */
export const eventFor = (snapshot: TaskSnapshot, elapsedMs: number): Effect.Effect<TaskEvent, ResultExpired> => {
  const { status, taskId } = snapshot
  switch (status._tag) {
    case "Queued":
      return Effect.succeed({ _tag: "Progress", taskId, state: "queued", elapsedMs })
    case "Running":
      return Effect.succeed({ _tag: "Progress", taskId, state: "running", progress: status.progress, elapsedMs })
    case "Succeeded":
      return Effect.succeed({
        _tag: "Succeeded",
        taskId,
        videoUrl: status.videoUrl,
        duration: status.duration,
        resolution: status.resolution,
        elapsedMs,
      })
    case "Failed":
      return Effect.succeed({ _tag: "Failed", taskId, code: status.code, reason: status.reason, elapsedMs })
    case "Canceled":
      return Effect.succeed({ _tag: "Canceled", taskId, elapsedMs })
    case "Unknown":
      return Effect.fail(
        new ResultExpired({
          gateway: snapshot.gateway,
          taskId,
          detail: `the gateway reports ${status.raw}: the task has expired (ids live 24 h) or never existed`,
        }),
      )
  }
}

/** Turn snapshots from any channel (NDJSON lines) into events: one per change, ending at a final state. */
export const snapshotsToEvents = <E, R>(
  snapshots: Stream.Stream<TaskSnapshot, E, R>,
  startedAt: number,
): Stream.Stream<TaskEvent, E | ResultExpired, R> =>
  snapshots.pipe(
    Stream.takeUntil((snapshot) => isTerminal(snapshot.status)),
    Stream.changesWith((a, b) => changeKey(a.status) === changeKey(b.status)),
    Stream.mapEffect((snapshot) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => eventFor(snapshot, Math.max(0, now - startedAt))),
    ),
  )

/**
 * Follow a task to its end, reporting each change to `onEvent`, and return the final event.
 * Polls on an adaptive plan (never faster than one request per 5 s), or waits for a callback
 * where one was asked for, and gives up at the deadline. A plain loop on a Schedule, so thousands
 * of tasks can be followed at once in one process.
 */
export const follow = (
  taskId: string,
  options: WatchOptions,
  onEvent: (event: TaskEvent) => Effect.Effect<void>,
): Effect.Effect<TaskEvent, WatchError, HttpClient.HttpClient | GatewayTag> =>
  Effect.gen(function* () {
    const gateway = yield* GatewayTag
    const { settings } = gateway
    const startedAt = options.startedAt ?? (yield* Clock.currentTimeMillis)
    const inbox = yield* Effect.serviceOption(CallbackInbox)
    const viaCallback = options.viaCallback === true && gateway.dialect.capabilities.callbacks && Option.isSome(inbox)
    const planOptions = { floorMs: Duration.toMillis(POLL_FLOOR), ceilingMs: POLL_CEILING_MS, prior: options.prior ?? DEFAULT_PRIOR }
    const deadlineAt = (yield* Clock.currentTimeMillis) + Duration.toMillis(scaled(settings, options.deadline ?? settings.watchDeadline))
    let plan: PollState = initialPollState
    let lastKey = ""
    let lastStatus = "submitted"
    let finalEvent: TaskEvent | undefined

    // The plan reasons in gateway time; a test time scale shortens the real wait. No wait runs past
    // the deadline, which is checked after every read (a timer fiber per task would cost a third
    // of a followed task's memory; a read in flight is bounded by its own timeout).
    const delayAfter = (progress: number | undefined) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        const elapsedMs = (now - startedAt) * settings.timeScale
        const next = nextPollDelay(plan, { elapsedMs, progress }, planOptions)
        plan = next.state
        const delayMs = viaCallback ? Math.max(next.delayMs, CALLBACK_GRACE_MS - elapsedMs) : next.delayMs
        return Duration.millis(Math.max(0, Math.min(delayMs / settings.timeScale, deadlineAt - now)))
      })
    const checkDeadline = Effect.flatMap(Clock.currentTimeMillis, (now) =>
      now < deadlineAt
        ? Effect.void
        : Effect.fail(new WatchTimeout({ gateway: settings.gateway, taskId, elapsedMs: (now - startedAt) * settings.timeScale, lastStatus })),
    )

    const observe = (snapshot: TaskSnapshot) =>
      Effect.gen(function* () {
        lastStatus = snapshot.rawStatus
        const key = changeKey(snapshot.status)
        if (key !== lastKey || isTerminal(snapshot.status)) {
          lastKey = key
          const now = yield* Clock.currentTimeMillis
          const event = yield* eventFor(snapshot, Math.max(0, now - startedAt))
          if (isTerminal(snapshot.status)) finalEvent = event
          yield* onEvent(event)
        }
        if (!isTerminal(snapshot.status)) yield* checkDeadline
        return snapshot
      })

    const progressOf = (snapshot: TaskSnapshot) => (snapshot.status._tag === "Running" ? snapshot.status.progress : undefined)
    const polling = Effect.gen(function* () {
      if (options.pollImmediately !== true) yield* Effect.flatMap(delayAfter(undefined), Effect.sleep)
      yield* Effect.repeat(
        Effect.flatMap(getTask(taskId), observe),
        Schedule.identity<TaskSnapshot>().pipe(
          Schedule.whileInput((snapshot) => !isTerminal(snapshot.status)),
          Schedule.addDelayEffect((snapshot) => delayAfter(progressOf(snapshot))),
        ),
      )
    })
    const channel = Option.isSome(inbox) && viaCallback
      ? Effect.raceFirst(Effect.asVoid(Effect.flatMap(inbox.value.await(taskId), observe)), polling)
      : polling

    yield* channel
    // The loop ends only on a final snapshot, which set the final event.
    return finalEvent ?? (yield* Effect.dieMessage("watch ended without a final state"))
  })

/** `follow` as a Stream of events, for Effect users who compose streams. */
export const watch = (
  taskId: string,
  options: WatchOptions = {},
): Stream.Stream<TaskEvent, WatchError, HttpClient.HttpClient | GatewayTag> =>
  Stream.asyncPush<TaskEvent, WatchError, HttpClient.HttpClient | GatewayTag>((emit) =>
    Effect.forkScoped(
      follow(taskId, options, (event) => Effect.sync(() => void emit.single(event))).pipe(
        Effect.matchEffect({
          onFailure: (error) => Effect.sync(() => void emit.fail(error)),
          onSuccess: () => Effect.sync(() => void emit.end()),
        }),
      ),
    ),
  )
