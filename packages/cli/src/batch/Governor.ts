import { type BudgetExceeded, type BudgetGuardService, makeBudgetGuard } from "@happyhorse/core"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"

/** Paces paid submits and keeps spend under a cap. */
export interface Governor {
  /** Wait for this submit's turn under the current rate. */
  readonly permit: Effect.Effect<void>
  /** Run one submit (with its own 429 retries) while no other submit is in flight. */
  readonly exclusive: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** A 429 came back: slow down (x0.8 by default) and pause. */
  readonly rateLimited: Effect.Effect<void>
  /** A submit went through: creep the rate back up. */
  readonly accepted: Effect.Effect<void>
  readonly reserve: (usd: number) => Effect.Effect<void, BudgetExceeded>
  readonly release: (usd: number) => Effect.Effect<void>
  /** Submits per second now, in gateway time. */
  readonly rate: Effect.Effect<number>
  readonly stats: Effect.Effect<{ readonly rateLimited: number; readonly accepted: number }>
}

export interface GovernorOptions {
  /** Starting submits per second (gateway time). */
  readonly rate: number
  readonly minRate?: number
  readonly maxRate?: number
  /** Factor the rate is multiplied by on a 429 (default 0.8). */
  readonly backoff?: number
  readonly budgetUsd?: number | undefined
  /** Already spent, from the journal, so a rerun keeps the same cap. */
  readonly spentUsd?: number
  /** Test time scale: real waits are divided by it. */
  readonly timeScale?: number
}

interface Pace {
  readonly rate: number
  /** Real epoch ms before which no submit may start. */
  readonly nextAt: number
  readonly rateLimited: number
  readonly accepted: number
}

/**
 * Multiplicative decrease on a 429 (x0.8), a 2 % rise per accepted submit: the rate settles
 * just under the gateway's limit instead of sawing far below it.
 */
export const makeGovernor = (options: GovernorOptions): Effect.Effect<Governor> =>
  Effect.gen(function* () {
    const scale = options.timeScale ?? 1
    const minRate = options.minRate ?? 0.05
    const backoff = options.backoff ?? 0.8
    const maxRate = options.maxRate ?? Math.max(options.rate * 8, 1)
    const pace = yield* Ref.make<Pace>({ rate: options.rate, nextAt: 0, rateLimited: 0, accepted: 0 })
    const budget: BudgetGuardService | undefined =
      options.budgetUsd === undefined ? undefined : yield* makeBudgetGuard(options.budgetUsd, options.spentUsd ?? 0)
    const gapMs = (rate: number) => 1000 / rate / scale
    // One submit on the wire at a time: parallel retries of 429s would only earn more 429s.
    const lock = yield* Effect.makeSemaphore(1)

    const permit = Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      const slot = yield* Ref.modify(pace, (p) => {
        const at = Math.max(now, p.nextAt)
        return [at, { ...p, nextAt: at + gapMs(p.rate) }] as const
      })
      if (slot > now) yield* Effect.sleep(Duration.millis(slot - now))
    })

    return {
      permit,
      exclusive: (effect) => lock.withPermits(1)(effect),
      rateLimited: Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Ref.update(pace, (p) => {
          const rate = Math.max(minRate, p.rate * backoff)
          return { ...p, rate, nextAt: Math.max(p.nextAt, now + gapMs(rate)), rateLimited: p.rateLimited + 1 }
        }),
      ),
      accepted: Ref.update(pace, (p) => ({ ...p, rate: Math.min(maxRate, p.rate * 1.02), accepted: p.accepted + 1 })),
      reserve: (usd) => (budget === undefined ? Effect.void : budget.reserve(usd)),
      release: (usd) => (budget === undefined ? Effect.void : budget.release(usd)),
      rate: Effect.map(Ref.get(pace), (p) => p.rate),
      stats: Effect.map(Ref.get(pace), (p) => ({ rateLimited: p.rateLimited, accepted: p.accepted })),
    }
  })
