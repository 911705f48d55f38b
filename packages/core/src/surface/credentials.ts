import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type { GatewayName, TaskSnapshot } from "../index.js"
import { isHappyHorseError } from "./explainError.js"
import type { AsyncTaskReader, TaskReader } from "./taskReader.js"

/** What a credential check found. */
export type CredentialCheck =
  | { readonly status: "ok"; readonly message: string }
  /** The gateway refused the key. */
  | { readonly status: "bad-key"; readonly message: string }
  /** No answer, or the gateway failed to answer (5xx): nothing is known about the key. */
  | { readonly status: "unreachable"; readonly message: string }
  /** Something answered, but not in this gateway's words: the base URL is not that gateway's API. */
  | { readonly status: "wrong-gateway"; readonly message: string }

/** An id no gateway issues: reading it is authenticated, free, and answers in the gateway's own words. */
export const PROBE_TASK_ID = "happyhorse-credential-check"

/** Reads the outcome of one status read of the probe id. */
export const credentialCheckOf = (gateway: GatewayName, outcome: Either.Either<TaskSnapshot, unknown>): CredentialCheck => {
  if (Either.isRight(outcome)) return { status: "ok", message: `${gateway} accepted the key` }
  const error = outcome.left
  if (!isHappyHorseError(error)) {
    const name = error instanceof Error ? error.name : ""
    return name === "TimeoutError"
      ? { status: "unreachable", message: `${gateway} did not answer in time` }
      : { status: "unreachable", message: error instanceof Error ? error.message : String(error) }
  }
  switch (error._tag) {
    case "AuthError":
      return { status: "bad-key", message: error.message }
    case "TransportError":
      return { status: "unreachable", message: error.message }
    case "MalformedReply":
      return {
        status: "wrong-gateway",
        message: `the base URL answered, but not as ${gateway}'s API does (HTTP ${error.status}): check the gateway and the base URL`,
      }
    case "GatewayError":
      return error.status === undefined || error.status >= 500
        ? { status: "unreachable", message: error.message }
        : { status: "ok", message: `${gateway} accepted the key` }
    // The gateway answered in its own words about a task it does not know: the key was accepted.
    case "ResultExpired":
    case "InsufficientBalance":
      return { status: "ok", message: `${gateway} accepted the key` }
    case "RateLimited":
      return { status: "ok", message: `${gateway} answered, and is rate limiting the key right now` }
    default:
      return { status: "unreachable", message: error.message }
  }
}

/** One free, authenticated call that tells a good key from a bad one, a dead host and a wrong base URL. */
export const checkCredentials = <E>(client: TaskReader<E>): Effect.Effect<CredentialCheck> =>
  Effect.map(Effect.either(client.get(PROBE_TASK_ID)), (outcome) => credentialCheckOf(client.gateway, outcome))

/** checkCredentials for the Promise client; `timeoutMs` bounds the whole check. */
export const checkCredentialsPromise = async (
  client: AsyncTaskReader,
  options: { readonly timeoutMs?: number } = {},
): Promise<CredentialCheck> => {
  try {
    const snapshot = await client.get(PROBE_TASK_ID, { signal: AbortSignal.timeout(options.timeoutMs ?? 20_000) })
    return credentialCheckOf(client.gateway, Either.right(snapshot))
  } catch (error) {
    return credentialCheckOf(client.gateway, Either.left(error))
  }
}
