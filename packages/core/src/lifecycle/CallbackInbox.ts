import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { TaskSnapshot } from "../domain/TaskStatus.js"

/**
 * Where a host's webhook receiver hands over callback results (after verifying them by fetching
 * the task again), so that `watch` wakes without polling.
 */
export interface CallbackInboxService {
  /** Hand over a verified final snapshot; duplicates are ignored. */
  readonly deliver: (snapshot: TaskSnapshot) => Effect.Effect<void>
  /** Wait for the snapshot of one task. */
  readonly await: (taskId: string) => Effect.Effect<TaskSnapshot>
}

export class CallbackInbox extends Context.Tag("@happyhorse/core/CallbackInbox")<CallbackInbox, CallbackInboxService>() {}

export const makeCallbackInbox: Effect.Effect<CallbackInboxService> = Effect.sync(() => {
  const slots = new Map<string, Deferred.Deferred<TaskSnapshot>>()
  const slot = (taskId: string) =>
    Effect.suspend(() => {
      const existing = slots.get(taskId)
      if (existing !== undefined) return Effect.succeed(existing)
      return Effect.tap(Deferred.make<TaskSnapshot>(), (created) => Effect.sync(() => slots.set(taskId, created)))
    })
  return {
    deliver: (snapshot) => Effect.flatMap(slot(snapshot.taskId), (d) => Deferred.succeed(d, snapshot)),
    // The slot is freed once its waiter has the result, so a long-running receiver does not grow.
    await: (taskId) =>
      Effect.flatMap(slot(taskId), Deferred.await).pipe(Effect.ensuring(Effect.sync(() => slots.delete(taskId)))),
  }
})

export const layerCallbackInbox: Layer.Layer<CallbackInbox> = Layer.effect(CallbackInbox, makeCallbackInbox)
