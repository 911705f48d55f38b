import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { WatchTimeout } from "../domain/Errors.js"
import type { FollowCursor, FollowPlan } from "./followStep.js"

/**
 * One read of a followed task, bounded by the caller's deadline: the read, its retries and their
 * backoff sleeps all stop there, and the watch ends with a WatchTimeout, whatever the gateway does.
 */
export const readBeforeDeadline = <A, E, R>(
  plan: FollowPlan,
  cursor: FollowCursor,
  read: Effect.Effect<A, E, R>,
): Effect.Effect<A, E | WatchTimeout, R> =>
  Effect.flatMap(Clock.currentTimeMillis, (now) => {
    const timedOut = () =>
      new WatchTimeout({
        gateway: plan.gateway,
        taskId: plan.taskId,
        elapsedMs: (Math.max(now, plan.deadlineAt) - plan.startedAt) * plan.timeScale,
        lastStatus: cursor.lastStatus,
      })
    const left = plan.deadlineAt - now
    return left <= 0
      ? Effect.fail(timedOut())
      : Effect.timeoutFail(read, { duration: Duration.millis(left), onTimeout: timedOut })
  })
