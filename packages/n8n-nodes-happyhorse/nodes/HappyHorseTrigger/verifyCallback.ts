import { dialectFor, isTerminal, type TaskSnapshot } from "@happyhorse/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type { ClientFactory, TestKnobs } from "../../shared/clientFactory.js"
import { clientOptions } from "../../shared/clientFactory.js"
import type { HappyHorseCredentials } from "../../shared/credentials.js"

export type CallbackVerdict =
  /** The gateway confirms the task is over: start the workflow with its own reading. */
  | { readonly _tag: "Verified"; readonly snapshot: TaskSnapshot }
  /** Genuine but not final yet (or not wanted): answer, start nothing. */
  | { readonly _tag: "Ignored"; readonly reason: string }
  /** Not a callback we can trust. */
  | { readonly _tag: "Refused"; readonly reason: string }

/**
 * Trusts nothing in a callback body but the task id: the task is fetched from the gateway with the
 * credential's key, and only that reading starts a workflow. A forged body cannot inject a video URL.
 */
export const verifyCallback = async (
  body: unknown,
  credentials: HappyHorseCredentials,
  makeClient: ClientFactory,
  knobs: TestKnobs,
): Promise<CallbackVerdict> => {
  const dialect = dialectFor(credentials.gateway)
  const decode = dialect.decodeCallback
  if (decode === undefined) {
    return { _tag: "Refused", reason: `${credentials.gateway} sends no callbacks; use EvoLink or AceData Cloud` }
  }
  const claimed = await Effect.runPromise(Effect.either(decode(body)))
  if (Either.isLeft(claimed)) return { _tag: "Refused", reason: `not a ${credentials.gateway} callback: ${claimed.left.issue}` }
  const client = makeClient(clientOptions(credentials, knobs))
  try {
    const snapshot = await client.get(claimed.right.taskId)
    if (!isTerminal(snapshot.status)) {
      return { _tag: "Ignored", reason: `task ${snapshot.taskId} is not finished (${snapshot.rawStatus})` }
    }
    return { _tag: "Verified", snapshot }
  } catch (error) {
    return { _tag: "Refused", reason: `task ${claimed.right.taskId} could not be confirmed: ${error instanceof Error ? error.message : String(error)}` }
  } finally {
    await client.dispose()
  }
}
