import type * as HttpClient from "@effect/platform/HttpClient"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Fiber from "effect/Fiber"
import * as FiberSet from "effect/FiberSet"
import * as Option from "effect/Option"
import * as Order from "effect/Order"
import * as RedBlackTree from "effect/RedBlackTree"
import type * as Scope from "effect/Scope"
import type { TaskEvent, TaskSnapshot } from "../domain/TaskStatus.js"
import { GatewayTag } from "../http/GatewayCalls.js"
import { type FollowCursor, type FollowPlan, initialCursor, makeFollowPlan, nextDelay, observe, progressOf } from "./followStep.js"
import { getTask } from "./query.js"
import { readBeforeDeadline } from "./readDeadline.js"
import type { WatchError, WatchOptions } from "./watch.js"

/**
 * Follows many tasks from one loop. Each tracked task is a small record in a queue ordered by
 * its next read, not a fiber with its own timer: a process can follow tens of thousands at once.
 * Reads go through the client's gateway, so its in-flight bound and retry policy hold.
 */
export interface Tracker {
  /** Like `follow`, by polling only: reports each change to `onEvent` and returns the final event. */
  readonly track: (
    taskId: string,
    options: WatchOptions,
    onEvent: (event: TaskEvent) => Effect.Effect<void>,
  ) => Effect.Effect<TaskEvent, WatchError>
}

interface Entry {
  readonly plan: FollowPlan
  readonly onEvent: (event: TaskEvent) => Effect.Effect<void>
  readonly resume: (result: Effect.Effect<TaskEvent, WatchError>) => void
  cursor: FollowCursor
  done: boolean
  /** The read under way, if any, so a caller's interruption stops it too. */
  readFiber: Fiber.RuntimeFiber<void> | undefined
}

/** Due time, then arrival order: unique keys, so removing the first entry removes that one. */
type DueKey = readonly [at: number, seq: number]
const dueOrder: Order.Order<DueKey> = Order.tuple(Order.number, Order.number)

export const makeTracker: Effect.Effect<Tracker, never, Scope.Scope | HttpClient.HttpClient | GatewayTag> = Effect.gen(
  function* () {
    const context = yield* Effect.context<HttpClient.HttpClient | GatewayTag>()
    const { inFlight, settings } = Context.get(context, GatewayTag)
    // As many reads at once as the gateway's in-flight bound lets through; more would only queue there.
    const maxReads = inFlight.slots
    const reads = yield* FiberSet.make<void, never>()
    const live = new Set<Entry>()
    let due = RedBlackTree.empty<DueKey, Entry>(dueOrder)
    let seq = 0
    // While the loop sleeps: when it means to wake, and how to wake it sooner.
    let wakeAt = Number.POSITIVE_INFINITY
    let wake: Deferred.Deferred<void> | undefined

    // Reads under way. Due tasks past this many wait as records, not as fibers holding a request.
    let reading = 0
    const wakeNow = () => {
      if (wake !== undefined) Deferred.unsafeDone(wake, Exit.void)
    }
    const schedule = (entry: Entry, at: number) => {
      due = RedBlackTree.insert(due, [at, seq++], entry)
      if (at < wakeAt) {
        wakeAt = at
        wakeNow()
      }
    }
    const finish = (entry: Entry, result: Effect.Effect<TaskEvent, WatchError>) => {
      if (entry.done) return
      entry.done = true
      live.delete(entry)
      entry.resume(result)
    }

    const afterRead = (entry: Entry, snapshot: TaskSnapshot) =>
      Effect.gen(function* () {
        if (entry.done) return
        const now = yield* Clock.currentTimeMillis
        const observed = observe(entry.plan, entry.cursor, snapshot, now)
        entry.cursor = observed.cursor
        if (observed.event !== undefined) yield* entry.onEvent(observed.event)
        if (observed.end !== undefined) {
          const end = observed.end
          return finish(entry, end._tag === "Final" ? Effect.succeed(end.event) : Effect.fail(end.error))
        }
        const next = nextDelay(entry.plan, entry.cursor, progressOf(snapshot), now)
        entry.cursor = next.cursor
        schedule(entry, now + next.delayMs)
      })

    // A read's failure (after the gateway's own retries) or a throwing onEvent ends that task only.
    const read = (entry: Entry): Effect.Effect<void> =>
      readBeforeDeadline(entry.plan, entry.cursor, getTask(entry.plan.taskId)).pipe(
        Effect.flatMap((snapshot) => afterRead(entry, snapshot)),
        Effect.provide(context),
        Effect.catchAllCause((cause) =>
          Effect.sync(() => {
            if (!Cause.isInterruptedOnly(cause)) finish(entry, Effect.failCause(cause))
          }),
        ),
        Effect.ensuring(
          Effect.sync(() => {
            entry.readFiber = undefined
            // Only a loop held at the bound waits for this; otherwise its timer is already right.
            if (reading-- === maxReads) wakeNow()
          }),
        ),
      )

    const loop = Effect.gen(function* () {
      while (true) {
        const now = yield* Clock.currentTimeMillis
        let head = RedBlackTree.first(due)
        while (Option.isSome(head) && head.value[0][0] <= now && reading < maxReads) {
          const [key, entry] = head.value
          due = RedBlackTree.removeFirst(due, key)
          if (!entry.done) {
            reading++
            entry.readFiber = yield* FiberSet.run(reads, read(entry))
          }
          head = RedBlackTree.first(due)
        }
        const signal = yield* Deferred.make<void>()
        // Read the head again with no yield in between: anything scheduled from here on wakes the loop.
        wake = signal
        const next = RedBlackTree.first(due)
        // At the read bound, a finishing read wakes the loop; no timer is needed until then.
        const waiting = Option.isSome(next) && reading < maxReads
        wakeAt = waiting ? next.value[0][0] : Number.POSITIVE_INFINITY
        yield* waiting
          ? Effect.raceFirst(
              Effect.flatMap(Clock.currentTimeMillis, (at) => Effect.sleep(Math.max(0, wakeAt - at))),
              Deferred.await(signal),
            )
          : Deferred.await(signal)
        wake = undefined
        wakeAt = Number.POSITIVE_INFINITY
      }
    })
    yield* Effect.forkScoped(loop)
    // When the client closes, every task still followed ends as interrupted rather than hanging.
    yield* Effect.addFinalizer(() =>
      Effect.sync(() => {
        for (const entry of [...live]) finish(entry, Effect.interrupt)
      }),
    )

    const track: Tracker["track"] = (taskId, options, onEvent) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.async<TaskEvent, WatchError>((resume) => {
          const plan = makeFollowPlan(settings, taskId, now, { ...options, viaCallback: false })
          const entry: Entry = { plan, onEvent, resume, cursor: initialCursor, done: false, readFiber: undefined }
          live.add(entry)
          if (options.pollImmediately === true) schedule(entry, now)
          else {
            const first = nextDelay(plan, entry.cursor, undefined, now)
            entry.cursor = first.cursor
            schedule(entry, now + first.delayMs)
          }
          // Interrupted by its caller: the record is dropped when its turn comes.
          return Effect.sync(() => {
            entry.done = true
            live.delete(entry)
            entry.readFiber?.unsafeInterruptAsFork(entry.readFiber.id())
          })
        }),
      )
    return { track }
  },
)
