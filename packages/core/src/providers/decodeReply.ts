import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { type GatewayFailure, MalformedReply, preview } from "../domain/Errors.js"
import type { GatewayName } from "../domain/Gateway.js"
import { type ClassifyRules, classifyError, type ErrorFacts } from "./classifyError.js"
import type { WireReply } from "./Dialect.js"
import { decodeBody } from "./wire.js"

/** An optional field that some gateways send as null. */
export const nullable = <A, I>(schema: Schema.Schema<A, I>) => Schema.optional(Schema.NullOr(schema))

/** A code that gateways send as a string, a number or null. */
export const LooseCode = Schema.Union(Schema.String, Schema.Number)

export const codeText = (code: string | number | null | undefined): string | undefined =>
  code === null || code === undefined ? undefined : String(code)

/** Read error facts out of a body with the dialect's error schema, or nothing. */
export const readErrorFacts =
  <A, I>(schema: Schema.Schema<A, I>, toFacts: (error: A) => ErrorFacts) =>
  (body: unknown): ErrorFacts | undefined =>
    Option.getOrUndefined(Option.map(Schema.decodeUnknownOption(schema)(body), toFacts))

export interface ReplySpec<A, I> {
  readonly gateway: GatewayName
  readonly operation: string
  readonly success: Schema.Schema<A, I>
  readonly errorFacts: (body: unknown) => ErrorFacts | undefined
  readonly rules?: ClassifyRules
}

/**
 * A 2xx body that decodes is a success; a 2xx body in the error shape is a typed error (some
 * gateways answer errors with HTTP 200); any other status is classified from status and body.
 */
export const decodeReply =
  <A, I>(spec: ReplySpec<A, I>) =>
  (reply: WireReply): Effect.Effect<A, GatewayFailure> => {
    const classify = () =>
      classifyError(spec.gateway, spec.operation, reply, spec.errorFacts(reply.body), spec.rules)
    if (reply.status < 200 || reply.status >= 300) return Effect.fail(classify())
    return decodeBody(spec.success, spec.gateway, spec.operation)(reply).pipe(
      Effect.catchAll((malformed) =>
        spec.errorFacts(reply.body) === undefined ? Effect.fail(malformed) : Effect.fail(classify()),
      ),
    )
  }

/** A body that has the documented shape but says something impossible (done without a URL). */
export const malformed = (
  gateway: GatewayName,
  operation: string,
  status: number,
  body: unknown,
  issue: string,
): MalformedReply => new MalformedReply({ gateway, operation, status, issue, bodyPreview: preview(body, 200) })

/** Progress as 0..100 from a number or a "50%" string; anything else is unknown. */
export const parseProgress = (value: number | string | null | undefined): number | undefined => {
  const n = typeof value === "string" ? Number(value.trim().replace(/%$/, "")) : value
  if (n === null || n === undefined || !Number.isFinite(n) || (typeof value === "string" && value.trim() === "")) return undefined
  return Math.min(100, Math.max(0, n))
}

/** Path segment for a task id: ids are opaque, so never let one change the path. */
export const segment = (taskId: string): string => encodeURIComponent(taskId)
