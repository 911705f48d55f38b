import * as Cause from "effect/Cause"
import type * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Fiber from "effect/Fiber"
import type * as ManagedRuntime from "effect/ManagedRuntime"

const abortError = (signal: AbortSignal): unknown =>
  signal.reason instanceof Error ? signal.reason : new DOMException("The operation was aborted", "AbortError")

/**
 * Runs effects as Promises that reject with the typed error itself (so `error._tag` and
 * `instanceof` work). Calls that share an AbortSignal share one listener on it: a caller may
 * watch thousands of tasks under one signal without a listener, and Node's warning, per call.
 */
export const makePromiseRunner = <R, ER>(runtime: ManagedRuntime.ManagedRuntime<R, ER>) => {
  const groups = new WeakMap<AbortSignal, Set<Fiber.RuntimeFiber<unknown, unknown>>>()
  const groupOf = (signal: AbortSignal) => {
    let group = groups.get(signal)
    if (group === undefined) {
      const fibers = new Set<Fiber.RuntimeFiber<unknown, unknown>>()
      signal.addEventListener(
        "abort",
        () => {
          for (const fiber of fibers) fiber.unsafeInterruptAsFork(fiber.id())
        },
        { once: true },
      )
      groups.set(signal, fibers)
      group = fibers
    }
    return group
  }

  return <A, E>(effect: Effect.Effect<A, E, R>, signal?: AbortSignal): Promise<A> =>
    new Promise<A>((resolve, reject) => {
      if (signal?.aborted === true) return reject(abortError(signal))
      const fiber = runtime.runFork(effect)
      const group = signal === undefined ? undefined : groupOf(signal)
      group?.add(fiber)
      fiber.addObserver((exit) => {
        group?.delete(fiber)
        if (Exit.isSuccess(exit)) return resolve(exit.value)
        if (signal?.aborted === true && Cause.isInterruptedOnly(exit.cause)) return reject(abortError(signal))
        reject(Cause.squash(exit.cause))
      })
    })
}
