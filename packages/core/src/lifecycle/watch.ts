import type * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import type { ResultExpired, WatchTimeout } from "../domain/Errors.js"
import { isTerminal, type TaskEvent, type TaskSnapshot } from "../domain/TaskStatus.js"
import { GatewayTag } from "../http/GatewayCalls.js"
import { CallbackInbox } from "./CallbackInbox.js"
import { changeKey, eventOf, initialCursor, makeFollowPlan, nextDelay, observe, progressOf } from "./followStep.js"
import type { PollPrior } from "./pollPlan.js"
import { getTask, type QueryError } from "./query.js"
import { readBeforeDeadline } from "./readDeadline.js"

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

/** The event a snapshot means; Expired (the gateway no longer knows the task) is an error, not an event. */
export const eventFor = (snapshot: TaskSnapshot, elapsedMs: number): Effect.Effect<TaskEvent, ResultExpired> =>
  eventOf(snapshot, elapsedMs)

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
    const now = yield* Clock.currentTimeMillis
    const inbox = yield* Effect.serviceOption(CallbackInbox)
    const viaCallback = options.viaCallback === true && gateway.dialect.capabilities.callbacks && Option.isSome(inbox)
    const plan = makeFollowPlan(gateway.settings, taskId, now, { ...options, viaCallback })
    let cursor = initialCursor
    let finalEvent: TaskEvent | undefined

    // The deadline is checked after every read and no wait runs past it (a timer fiber per task
    // would cost a third of a followed task's memory); a read in flight, with its retries, is bounded by what is left of it.
    const delayAfter = (progress: number | undefined) =>
      Effect.map(Clock.currentTimeMillis, (at) => {
        const next = nextDelay(plan, cursor, progress, at)
        cursor = next.cursor
        return Duration.millis(next.delayMs)
      })

    const read = (snapshot: TaskSnapshot) =>
      Effect.gen(function* () {
        const observed = observe(plan, cursor, snapshot, yield* Clock.currentTimeMillis)
        cursor = observed.cursor
        if (observed.event !== undefined) yield* onEvent(observed.event)
        if (observed.end?._tag === "Error") return yield* Effect.fail(observed.end.error)
        if (observed.end?._tag === "Final") finalEvent = observed.end.event
        return snapshot
      })

    const polling = Effect.gen(function* () {
      if (options.pollImmediately !== true) yield* Effect.flatMap(delayAfter(undefined), Effect.sleep)
      yield* Effect.repeat(
        Effect.suspend(() => Effect.flatMap(readBeforeDeadline(plan, cursor, getTask(taskId)), read)),
        Schedule.identity<TaskSnapshot>().pipe(
          Schedule.whileInput((snapshot) => !isTerminal(snapshot.status)),
          Schedule.addDelayEffect((snapshot) => delayAfter(progressOf(snapshot))),
        ),
      )
    })
    const channel = Option.isSome(inbox) && viaCallback
      ? Effect.raceFirst(Effect.asVoid(Effect.flatMap(inbox.value.await(taskId), read)), polling)
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
