import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { wireError, type WireError } from "../http/Wire.js"

export type Decoded<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly error: WireError }

/** Decodes strictly: unknown fields are errors, as the brief asks of every gateway. */
export const decodeStrict = <A, I>(schema: Schema.Schema<A, I, never>, input: unknown): Decoded<A> => {
  const result = Schema.decodeUnknownEither(schema, { onExcessProperty: "error", errors: "first" })(input)
  if (Either.isRight(result)) return { ok: true, value: result.right }
  const issue = ParseResult.ArrayFormatter.formatErrorSync(result.left)[0]
  const param = issue === undefined ? undefined : issue.path.map(String).join(".")
  const message =
    issue === undefined
      ? "Invalid request body"
      : issue._tag === "Unexpected"
        ? `Unknown parameter: ${param}`
        : `Invalid value for ${param === "" ? "body" : param}: ${issue.message}`
  return { ok: false, error: wireError("invalid", message, param === "" ? undefined : param) }
}

/** Integer in [min, max]. */
export const IntRange = (min: number, max: number) =>
  Schema.Int.pipe(Schema.greaterThanOrEqualTo(min), Schema.lessThanOrEqualTo(max))

export const Url = Schema.String.pipe(Schema.pattern(/^https?:\/\/\S+$/, { message: () => "must be an http(s) URL" }))
