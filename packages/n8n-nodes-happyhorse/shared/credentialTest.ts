import { AuthError, MalformedReply, TransportError } from "@happyhorse/core"
import * as Either from "effect/Either"
import type { INodeCredentialTestResult } from "n8n-workflow"
import { type ClientFactory, clientOptions, type TestKnobs } from "./clientFactory.js"
import { decodeCredentials } from "./credentials.js"

/** An id no gateway has issued: reading it is authenticated, free, and answers "unknown". */
const PROBE_TASK_ID = "happyhorse-credential-check"

/**
 * Checks a credential with one cheap authenticated call (a status read of a made-up task):
 * a refused key or an unreachable gateway fails; any other answer proves the key works.
 */
export const testCredentials = async (
  data: unknown,
  makeClient: ClientFactory,
  knobs: TestKnobs,
): Promise<INodeCredentialTestResult> => {
  const decoded = decodeCredentials(data)
  if (Either.isLeft(decoded)) return { status: "Error", message: "Pick a gateway and enter an API key" }
  let client
  try {
    client = makeClient(clientOptions(decoded.right, knobs, 15_000))
  } catch (error) {
    return { status: "Error", message: error instanceof Error ? error.message : String(error) }
  }
  try {
    await client.get(PROBE_TASK_ID, { signal: AbortSignal.timeout(20_000) })
    return { status: "OK", message: "Connection successful" }
  } catch (error) {
    if (error instanceof AuthError || error instanceof TransportError) return { status: "Error", message: error.message }
    if (error instanceof MalformedReply) {
      return { status: "Error", message: `the base URL answered, but not as ${client.gateway}'s API does (HTTP ${error.status}): check the gateway and the base URL` }
    }
    if (error instanceof Error && error.name === "TimeoutError") return { status: "Error", message: `${client.gateway} did not answer within 20 s` }
    return { status: "OK", message: "Connection successful" }
  } finally {
    await client.dispose()
  }
}
