import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { dialectFor, type GatewayName, isTerminal, type TaskSnapshot } from "../index.js"
import type { AsyncTaskReader, TaskReader } from "./taskReader.js"

/**
 * What a callback is worth. The rule, the same for every host: a callback is never trusted alone.
 * Its body only names a task; the task is read again from the gateway with the host's own key,
 * and only a finished reading is a result.
 */
export type CallbackVerdict =
  /** The gateway confirms the task is over; `snapshot` is the gateway's own reading, not the body's. */
  | { readonly _tag: "Verified"; readonly snapshot: TaskSnapshot }
  /** A genuine task that has not finished: not a result. Answer the caller, start nothing. */
  | { readonly _tag: "Unfinished"; readonly snapshot: TaskSnapshot; readonly reason: string }
  /** Not a callback to act on: not this gateway's shape, another task, or not confirmed by the gateway. */
  | { readonly _tag: "Refused"; readonly reason: string }

export interface VerifyOptions {
  /** The task the host waits for; a callback naming another is refused. */
  readonly expectedTaskId?: string | undefined
}

/** The task id a callback body claims, or why it cannot be read as this gateway's callback. */
export const claimedTaskId = (gateway: GatewayName, body: unknown): Either.Either<string, string> => {
  const decode = dialectFor(gateway).decodeCallback
  if (decode === undefined) return Either.left(`${gateway} sends no callbacks`)
  return Effect.runSync(
    Effect.either(decode(body)).pipe(
      Effect.map(
        Either.match({
          onLeft: (error) => Either.left(`not a ${gateway} callback: ${error.issue}`),
          onRight: (snapshot) => Either.right(snapshot.taskId),
        }),
      ),
    ),
  )
}

const claimFor = (gateway: GatewayName, body: unknown, options: VerifyOptions): Either.Either<string, CallbackVerdict> =>
  Either.flatMap(Either.mapLeft(claimedTaskId(gateway, body), refused), (taskId) =>
    options.expectedTaskId !== undefined && options.expectedTaskId !== taskId
      ? Either.left(refused(`the callback names task ${taskId}, but the wait is for ${options.expectedTaskId}`))
      : Either.right(taskId),
  )

const refused = (reason: string): CallbackVerdict => ({ _tag: "Refused", reason })

/** The verdict on the gateway's own reading of the task. */
export const verdictOf = (snapshot: TaskSnapshot): CallbackVerdict =>
  isTerminal(snapshot.status)
    ? { _tag: "Verified", snapshot }
    : { _tag: "Unfinished", snapshot, reason: `task ${snapshot.taskId} is not finished (${snapshot.rawStatus})` }

const unconfirmed = (taskId: string, error: unknown): CallbackVerdict =>
  refused(`task ${taskId} could not be confirmed by the gateway: ${error instanceof Error ? error.message : String(error)}`)

/** Verifies a callback body against the gateway (see CallbackVerdict for the rule). */
export const verifyCallback = <E>(
  client: TaskReader<E>,
  body: unknown,
  options: VerifyOptions = {},
): Effect.Effect<CallbackVerdict> =>
  Either.match(claimFor(client.gateway, body, options), {
    onLeft: Effect.succeed,
    onRight: (taskId) =>
      client.get(taskId).pipe(
        Effect.map(verdictOf),
        Effect.catchAll((error) => Effect.succeed(unconfirmed(taskId, error))),
      ),
  })

/** verifyCallback for the Promise client. */
export const verifyCallbackPromise = async (
  client: AsyncTaskReader,
  body: unknown,
  options: VerifyOptions & { readonly signal?: AbortSignal } = {},
): Promise<CallbackVerdict> => {
  const claim = claimFor(client.gateway, body, options)
  if (Either.isLeft(claim)) return claim.left
  try {
    return verdictOf(await client.get(claim.right, options.signal === undefined ? {} : { signal: options.signal }))
  } catch (error) {
    return unconfirmed(claim.right, error)
  }
}
