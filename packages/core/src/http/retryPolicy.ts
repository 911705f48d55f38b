import * as Duration from "effect/Duration"
import * as Schedule from "effect/Schedule"

export interface RetryPolicyOptions<E> {
  readonly base: Duration.DurationInput
  readonly cap: Duration.DurationInput
  readonly maxRetries: number
  /** Divides every delay: the explicit test time scale. */
  readonly timeScale: number
  readonly isRetryable: (error: E) => boolean
  /** A server-given wait (Retry-After) that overrides the backoff. */
  readonly retryAfterMs?: (error: E) => number | undefined
  /** No retry sooner than this (before scaling): the poll floor for status calls. */
  readonly minDelay?: Duration.DurationInput
}

/**
 * Bounded exponential backoff with jitter, overridden by Retry-After when the server sends it,
 * for at most `maxRetries` retries, only while the error is retryable.
 */
export const retryPolicy = <E>(options: RetryPolicyOptions<E>): Schedule.Schedule<unknown, E> =>
  Schedule.exponential(options.base, 2).pipe(
    Schedule.union(Schedule.spaced(options.cap)),
    Schedule.jittered,
    Schedule.intersect(Schedule.recurs(options.maxRetries)),
    Schedule.intersect(Schedule.identity<E>()),
    Schedule.whileInput(options.isRetryable),
    Schedule.modifyDelay(([, error], delay) => {
      const serverWait = options.retryAfterMs?.(error)
      const wait = serverWait === undefined ? Duration.toMillis(delay) : serverWait
      const floor = options.minDelay === undefined ? 0 : Duration.toMillis(options.minDelay)
      return Duration.millis(Math.max(wait, floor) / options.timeScale)
    }),
  )
