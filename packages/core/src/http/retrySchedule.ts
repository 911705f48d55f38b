import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import * as ScheduleDecision from "effect/ScheduleDecision"
import * as ScheduleInterval from "effect/ScheduleInterval"

/**
 * The one retry schedule of the client. Every retried call (reads, the submit's safe resends,
 * the streamed submit, downloads) describes its rule here and nowhere else.
 *
 * Each kind of failure draws on its own budget, honoured exactly as configured: a call that
 * may resend 10 rate-limited submits and 3 refused connections makes at most 14 requests.
 */
export interface RetryRule<E, K extends string> {
  /** The budget an error draws on, or `undefined` when it must not be retried. */
  readonly budgetOf: (error: E) => K | undefined
  /** Retries allowed per budget. */
  readonly budgets: Readonly<Record<K, number>>
  /** First backoff; each retry doubles it, up to `cap`, with ±20 % jitter. */
  readonly base: Duration.DurationInput
  readonly cap: Duration.DurationInput
  /** Divides every delay: the explicit test time scale. */
  readonly timeScale: number
  /** A server-given wait (Retry-After) that overrides the backoff; `now` is the Clock's time. */
  readonly retryAfterMs?: (error: E, now: number) => number | undefined
  /** No retry sooner than this (before scaling): the poll floor for status calls. */
  readonly minDelay?: Duration.DurationInput
}

interface Spent {
  readonly retries: number
  readonly perBudget: Readonly<Partial<Record<string, number>>>
}

export const retrySchedule = <E, K extends string>(rule: RetryRule<E, K>): Schedule.Schedule<number, E> => {
  const base = Duration.toMillis(rule.base)
  const cap = Duration.toMillis(rule.cap)
  const floor = rule.minDelay === undefined ? 0 : Duration.toMillis(rule.minDelay)
  return Schedule.makeWithState<Spent, E, number>({ retries: 0, perBudget: {} }, (now, error, spent) => {
    const budget = rule.budgetOf(error)
    const used = budget === undefined ? 0 : (spent.perBudget[budget] ?? 0)
    if (budget === undefined || used >= rule.budgets[budget]) {
      return Effect.succeed([spent, spent.retries, ScheduleDecision.done] as const)
    }
    return Effect.map(Random.next, (random) => {
      const backoff = Math.min(cap, base * 2 ** spent.retries) * (0.8 + 0.4 * random)
      const wait = Math.max(rule.retryAfterMs?.(error, now) ?? backoff, floor) / rule.timeScale
      const next: Spent = { retries: spent.retries + 1, perBudget: { ...spent.perBudget, [budget]: used + 1 } }
      return [next, next.retries, ScheduleDecision.continueWith(ScheduleInterval.after(now + wait))] as const
    })
  })
}
