import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import { POLL_FLOOR } from "../config/Settings.js"
import { type GatewayFailure, MalformedReply, preview, ResultExpired, type TransportError } from "../domain/Errors.js"
import type { TaskSnapshot } from "../domain/TaskStatus.js"
import { callIdempotent, GatewayTag, STATUS_READ_TIMEOUT } from "../http/GatewayCalls.js"
import type { WireReply } from "../providers/Dialect.js"

export type QueryError = GatewayFailure | TransportError | ResultExpired

/** A web page, not an API answer: what a wrong base URL (a site, not the gateway's API) sends. */
const isWebPage = (reply: WireReply): boolean =>
  (reply.headers["content-type"] ?? "").includes("html") ||
  (typeof reply.body === "string" && reply.body.trimStart().startsWith("<"))

/** One status read. Retries never poll faster than the floor. */
export const getTask = (taskId: string): Effect.Effect<TaskSnapshot, QueryError, HttpClient.HttpClient | GatewayTag> =>
  Effect.gen(function* () {
    const gateway = yield* GatewayTag
    const reply = yield* callIdempotent(gateway, "query", gateway.dialect.encodeQuery(taskId), POLL_FLOOR, STATUS_READ_TIMEOUT)
    // Ids live 24 h; a gateway that no longer knows one answers 404 or 410, whatever its error body says.
    if ((reply.status === 404 || reply.status === 410) && isWebPage(reply)) {
      return yield* Effect.fail(
        new MalformedReply({
          gateway: gateway.settings.gateway,
          operation: "query",
          status: reply.status,
          issue: "a web page instead of the gateway's answer: the base URL is probably not this gateway's API",
          bodyPreview: preview(reply.body, 200),
        }),
      )
    }
    if (reply.status === 404 || reply.status === 410) {
      return yield* Effect.fail(
        new ResultExpired({
          gateway: gateway.settings.gateway,
          taskId,
          detail: `the gateway answers HTTP ${reply.status}: the task id has expired (ids live 24 h) or never existed`,
        }),
      )
    }
    return yield* gateway.dialect.decodeQuery(taskId, reply)
  })

/** Many status reads: the gateway's batch query where it has one (AceData: 50 ids a call), else one by one. */
export const getTasks = (
  taskIds: ReadonlyArray<string>,
): Effect.Effect<ReadonlyArray<TaskSnapshot>, QueryError, HttpClient.HttpClient | GatewayTag> =>
  Effect.gen(function* () {
    const gateway = yield* GatewayTag
    const { dialect } = gateway
    const size = dialect.capabilities.batchQuery
    if (size > 0 && dialect.encodeBatchQuery !== undefined && dialect.decodeBatchQuery !== undefined) {
      const encode = dialect.encodeBatchQuery
      const decode = dialect.decodeBatchQuery
      const chunks: Array<ReadonlyArray<string>> = []
      for (let i = 0; i < taskIds.length; i += size) chunks.push(taskIds.slice(i, i + size))
      const results = yield* Effect.forEach(chunks, (chunk) =>
        callIdempotent(gateway, "batch-query", encode(chunk), POLL_FLOOR, STATUS_READ_TIMEOUT).pipe(Effect.flatMap(decode)),
      )
      return results.flat()
    }
    return yield* Effect.forEach(taskIds, getTask, { concurrency: 4 })
  })
