import { type BudgetGuardService, makeBudgetGuard } from "../cost/BudgetGuard.js"
import type { BudgetExceeded } from "../domain/Errors.js"
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
  /** A 429 came back: slow down and pause, once per overshoot. */
  readonly rateLimited: Effect.Effect<void>
  /** The gateway asked for a pause (Retry-After, in gateway ms): no submit starts before it ends. */
  readonly holdFor: (gatewayMs: number) => Effect.Effect<void>
  /** A submit went through: close in on the known limit. */
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
  /** The lowest rate a 429 was met at: the gateway's limit is at or below it. */
  readonly ceiling: number | undefined
  /** Real epoch ms of the last cut: 429s soon after it belong to the same overshoot. */
  readonly cutAt: number
  readonly rateLimited: number
  readonly accepted: number
}

/** Once the limit is known, a 429 near it cuts only this deep: the rate was nearly right. */
const NEAR_CEILING_BACKOFF = 0.92
/** Before any 429, each accepted submit raises the rate this much, to find the limit. */
const SEARCH = 0.02
/** Each accepted submit closes this share of the gap to the ceiling... */
const APPROACH = 0.1
/** ...and past it, probes upward this slowly, in case the limit has risen. */
const PROBE = 0.002

/**
 * AIMD over a remembered ceiling. A 429 cuts the rate (x0.8 while searching, x0.92 once the
 * limit is known) once per overshoot, not once per refused reply, and marks the ceiling. Accepted
 * submits then close in on that ceiling quickly and pass it only slowly, so the rate settles just
 * under the gateway's limit instead of sawing far below it.
 */
export const makeGovernor = (options: GovernorOptions): Effect.Effect<Governor> =>
  Effect.gen(function* () {
    const scale = options.timeScale ?? 1
    const minRate = options.minRate ?? 0.05
    const backoff = options.backoff ?? 0.8
    const maxRate = options.maxRate ?? Math.max(options.rate * 8, 1)
    const pace = yield* Ref.make<Pace>({
      rate: options.rate,
      nextAt: 0,
      ceiling: undefined,
      cutAt: Number.NEGATIVE_INFINITY,
      rateLimited: 0,
      accepted: 0,
    })
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

    const cut = (p: Pace, now: number): Pace => {
      const counted = { ...p, rateLimited: p.rateLimited + 1 }
      // The same overshoot: the submits already paced at the old rate are still arriving.
      if (now - p.cutAt < 2 * gapMs(p.rate)) return counted
      const nearCeiling = p.ceiling !== undefined && p.rate >= p.ceiling * 0.9
      const rate = Math.max(minRate, p.rate * (nearCeiling ? Math.max(backoff, NEAR_CEILING_BACKOFF) : backoff))
      return {
        ...counted,
        rate,
        ceiling: Math.min(p.ceiling ?? p.rate, p.rate),
        cutAt: now,
        nextAt: Math.max(p.nextAt, now + gapMs(rate)),
      }
    }
    const raise = (p: Pace): Pace => {
      const toward =
        p.ceiling === undefined
          ? p.rate * SEARCH
          : p.rate >= p.ceiling
            ? p.rate * PROBE
            : Math.max((p.ceiling - p.rate) * APPROACH, p.rate * PROBE)
      return { ...p, rate: Math.min(maxRate, p.rate + toward), accepted: p.accepted + 1 }
    }

    return {
      permit,
      exclusive: (effect) => lock.withPermits(1)(effect),
      rateLimited: Effect.flatMap(Clock.currentTimeMillis, (now) => Ref.update(pace, (p) => cut(p, now))),
      holdFor: (gatewayMs) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) =>
          Ref.update(pace, (p) => ({ ...p, nextAt: Math.max(p.nextAt, now + gatewayMs / scale) })),
        ),
      accepted: Ref.update(pace, raise),
      reserve: (usd) => (budget === undefined ? Effect.void : budget.reserve(usd)),
      release: (usd) => (budget === undefined ? Effect.void : budget.release(usd)),
      rate: Effect.map(Ref.get(pace), (p) => p.rate),
      stats: Effect.map(Ref.get(pace), (p) => ({ rateLimited: p.rateLimited, accepted: p.accepted })),
    }
  })
