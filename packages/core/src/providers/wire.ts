import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { MalformedReply, preview } from "../domain/Errors.js"
import type { GatewayName } from "../domain/Gateway.js"
import type { WireReply } from "./Dialect.js"

/** Decode a reply body with a schema; a mismatch is a typed MalformedReply, never a throw. */
export const decodeBody =
  <A, I>(schema: Schema.Schema<A, I>, gateway: GatewayName, operation: string) =>
  (reply: WireReply): Effect.Effect<A, MalformedReply> =>
    Schema.decodeUnknown(schema, { onExcessProperty: "ignore" })(reply.body).pipe(
      Effect.mapError(
        (error) =>
          new MalformedReply({
            gateway,
            operation,
            status: reply.status,
            issue: ParseResult.TreeFormatter.formatErrorSync(error).slice(0, 500),
            bodyPreview: preview(reply.body, 200),
          }),
      ),
    )

/** Does the body decode with this schema? For telling an error body from a receipt. */
export const matches = <A, I>(schema: Schema.Schema<A, I>, body: unknown): body is I =>
  Schema.is(Schema.encodedSchema(schema))(body)

/**
 * Retry-After in milliseconds: delta-seconds or an HTTP date, per RFC 9110. A date needs the
 * time the reply came (`now`, from the Clock); without it only delta-seconds can be read.
 */
export const retryAfterMs = (headers: Readonly<Record<string, string>>, now: number | undefined): number | undefined => {
  const raw = headers["retry-after"]
  if (raw === undefined) return undefined
  const trimmed = raw.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  return Number.isNaN(date) || now === undefined ? undefined : Math.max(0, date - now)
}
