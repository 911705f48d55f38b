import type { Dialect } from "@happyhorse/core"
import * as Redacted from "effect/Redacted"

/** A cancel is a courtesy on the way out; never let it hold the execution for long. */
const CANCEL_TIMEOUT_MS = 10_000

/**
 * Asks the gateway to cancel a task, where its dialect documents a cancel call. Best effort:
 * resolves true when the gateway accepted, false when it cannot cancel or refused.
 */
export const cancelOnGateway = async (
  dialect: Dialect,
  baseUrl: string,
  apiKey: string,
  taskId: string,
  fetchImpl: typeof fetch = fetch,
): Promise<boolean> => {
  if (!dialect.capabilities.cancel || dialect.encodeCancel === undefined) return false
  const wire = dialect.encodeCancel(taskId)
  try {
    const response = await fetchImpl(`${baseUrl}${wire.path}`, {
      method: wire.method,
      headers: {
        ...dialect.authHeaders(Redacted.make(apiKey)),
        ...(wire.body === undefined ? {} : { "content-type": "application/json" }),
        ...wire.headers,
      },
      ...(wire.body === undefined ? {} : { body: JSON.stringify(wire.body) }),
      signal: AbortSignal.timeout(CANCEL_TIMEOUT_MS),
    })
    await response.body?.cancel()
    return response.ok
  } catch {
    return false
  }
}
