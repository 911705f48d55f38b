import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberId from "effect/FiberId"
import * as Layer from "effect/Layer"
import type { TaskSnapshot } from "../domain/TaskStatus.js"

/**
 * Where a host's webhook receiver hands over callback results (after verifying them by fetching
 * the task again), so that `watch` wakes without polling.
 */
export interface CallbackInboxService {
  /** Hand over a verified final snapshot. Repeats (gateways retry callbacks) change nothing. */
  readonly deliver: (snapshot: TaskSnapshot) => Effect.Effect<void>
  /** Wait for the snapshot of one task. */
  readonly await: (taskId: string) => Effect.Effect<TaskSnapshot>
  /** Tasks the inbox holds now: those waited on, and settled ones kept to absorb repeats. */
  readonly size: Effect.Effect<number>
}

export class CallbackInbox extends Context.Tag("@happyhorse/core/CallbackInbox")<CallbackInbox, CallbackInboxService>() {}

/** Settled results kept at most (a callback nobody waits on, or one already taken). */
export const DEFAULT_INBOX_CAPACITY = 1000

interface Slot {
  readonly result: Deferred.Deferred<TaskSnapshot>
  waiters: number
  settled: boolean
}

/**
 * Bounded: past `capacity`, the oldest slot nobody waits on is dropped (a late repeat of it then
 * only takes a slot of its own until it is dropped in turn). Idempotent: the first result of a
 * task stands; a repeat is ignored.
 */
export const makeCallbackInboxWith = (options: { readonly capacity: number }): Effect.Effect<CallbackInboxService> =>
  Effect.sync(() => {
    const capacity = Math.max(1, Math.floor(options.capacity))
    // A Map keeps insertion order: the first entries are the oldest.
    const slots = new Map<string, Slot>()
    const trim = () => {
      if (slots.size <= capacity) return
      for (const [taskId, slot] of slots) {
        if (slot.waiters === 0) slots.delete(taskId)
        if (slots.size <= capacity) return
      }
    }
    const slotOf = (taskId: string): Slot => {
      const existing = slots.get(taskId)
      if (existing !== undefined) return existing
      const created: Slot = { result: Deferred.unsafeMake<TaskSnapshot>(FiberId.none), waiters: 0, settled: false }
      slots.set(taskId, created)
      return created
    }
    return {
      deliver: (snapshot) =>
        Effect.sync(() => {
          const slot = slotOf(snapshot.taskId)
          if (slot.settled) return
          slot.settled = true
          Deferred.unsafeDone(slot.result, Exit.succeed(snapshot))
          trim()
        }),
      await: (taskId) =>
        Effect.suspend(() => {
          const slot = slotOf(taskId)
          slot.waiters++
          return Deferred.await(slot.result).pipe(
            Effect.ensuring(
              Effect.sync(() => {
                slot.waiters--
                // A waiter that gave up leaves nothing behind; a settled slot stays to absorb repeats.
                if (slot.waiters === 0 && !slot.settled && slots.get(taskId) === slot) slots.delete(taskId)
                trim()
              }),
            ),
          )
        }),
      size: Effect.sync(() => slots.size),
    }
  })

export const makeCallbackInbox: Effect.Effect<CallbackInboxService> = makeCallbackInboxWith({
  capacity: DEFAULT_INBOX_CAPACITY,
})

/** The inbox's capacity from HAPPYHORSE_CALLBACK_INBOX_CAPACITY (default 1000). */
export const inboxCapacityConfig: Config.Config<number> = Config.integer("HAPPYHORSE_CALLBACK_INBOX_CAPACITY").pipe(
  Config.validate({ message: "must be at least 1", validation: (n) => n >= 1 }),
  Config.withDefault(DEFAULT_INBOX_CAPACITY),
)

export const layerCallbackInbox: Layer.Layer<CallbackInbox, ConfigError.ConfigError> = Layer.effect(
  CallbackInbox,
  Effect.flatMap(inboxCapacityConfig, (capacity) => makeCallbackInboxWith({ capacity })),
)
