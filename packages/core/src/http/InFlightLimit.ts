import * as Effect from "effect/Effect"
import * as Queue from "effect/Queue"

/** Runs an effect while holding one of a fixed number of slots: the client's one in-flight bound. */
export interface InFlightLimit {
  /** How many effects may run at once. */
  readonly slots: number
  readonly run: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}

/**
 * Slots as tokens in a queue: waiters are woken one at a time in order. (A Semaphore wakes every
 * waiter on each release, which costs gigabytes with thousands of tasks waiting.) Waiting for a
 * slot is interruptible, so a cancel or a timeout takes effect at once; a slot once taken is
 * always given back.
 */
export const makeInFlightLimit = (slots: number): Effect.Effect<InFlightLimit> =>
  Effect.gen(function* () {
    const tokens = yield* Queue.bounded<void>(slots)
    yield* Queue.offerAll(tokens, Array.from({ length: slots }, () => undefined))
    const release = Queue.offer(tokens, undefined)
    return {
      slots,
      run: (effect) =>
        Effect.uninterruptibleMask((restore) =>
          Effect.zipRight(restore(Queue.take(tokens)), Effect.ensuring(restore(effect), release)),
        ),
    }
  })
