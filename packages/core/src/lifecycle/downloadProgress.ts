import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Queue from "effect/Queue"
import type * as Scope from "effect/Scope"

/** What a download reports: bytes on disk so far, and the whole size when it is known. */
export type OnProgress = (received: number, total: number | undefined) => Effect.Effect<void>

export interface ProgressReporter {
  /** Called for each chunk, from any thread of control (a Node stream's event, a fiber). */
  readonly bytes: (received: number, total: number | undefined) => void
  /** Report what is still queued, then stop. */
  readonly finish: Effect.Effect<void>
}

/** One report per percent, or per 8 MiB when the size is unknown: not one per chunk. */
const stepOf = (received: number, total: number | undefined): number =>
  total === undefined || total === 0 ? Math.floor(received / 8_388_608) : Math.floor((received / total) * 100)

/**
 * Runs the caller's progress effects in a fiber of the caller's scope, in order, so that they see
 * its services and end with it: an interrupted download leaves no report running.
 */
export const makeProgressReporter = (onProgress: OnProgress | undefined): Effect.Effect<ProgressReporter, never, Scope.Scope> =>
  Effect.gen(function* () {
    if (onProgress === undefined) return { bytes: () => undefined, finish: Effect.void }
    const queue = yield* Queue.unbounded<readonly [number, number | undefined] | undefined>()
    const reporter = yield* Effect.forkScoped(
      Effect.gen(function* () {
        while (true) {
          const next = yield* Queue.take(queue)
          if (next === undefined) return
          yield* onProgress(next[0], next[1])
        }
      }),
    )
    let lastStep = -1
    return {
      bytes: (received, total) => {
        const step = stepOf(received, total)
        if (step === lastStep) return
        lastStep = step
        Queue.unsafeOffer(queue, [received, total])
      },
      finish: Effect.zipRight(Queue.offer(queue, undefined), Fiber.join(reporter)),
    }
  })
