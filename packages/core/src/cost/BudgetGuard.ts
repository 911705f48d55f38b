import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import { BudgetExceeded } from "../domain/Errors.js"

/** Refuses work whose estimate would take spend past a limit; reservations are released on failure. */
export interface BudgetGuardService {
  /** Reserve an estimated cost, or fail with BudgetExceeded and spend nothing. */
  readonly reserve: (usd: number) => Effect.Effect<void, BudgetExceeded>
  /** Give back a reservation (the task failed, and failed tasks are not billed). */
  readonly release: (usd: number) => Effect.Effect<void>
  readonly spent: Effect.Effect<number>
  readonly limitUsd: number
}

export class BudgetGuard extends Context.Tag("@happyhorse/core/BudgetGuard")<BudgetGuard, BudgetGuardService>() {}

export const makeBudgetGuard = (limitUsd: number, alreadySpentUsd = 0): Effect.Effect<BudgetGuardService> =>
  Effect.map(Ref.make(alreadySpentUsd), (spent) => ({
    limitUsd,
    spent: Ref.get(spent),
    release: (usd) => Ref.update(spent, (total) => Math.max(0, total - usd)),
    reserve: (usd) =>
      Ref.modify(spent, (total): readonly [Effect.Effect<void, BudgetExceeded>, number] =>
        total + usd > limitUsd + 1e-9
          ? [Effect.fail(new BudgetExceeded({ estimateUsd: usd, limitUsd, spentUsd: total })), total]
          : [Effect.void, total + usd],
      ).pipe(Effect.flatten),
  }))

export const layerBudgetGuard = (limitUsd: number, alreadySpentUsd = 0): Layer.Layer<BudgetGuard> =>
  Layer.effect(BudgetGuard, makeBudgetGuard(limitUsd, alreadySpentUsd))
