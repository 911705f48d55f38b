import { ValidationError, ValidationErrors } from "@happyhorse/core/node"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

// Zapier hands numbers and booleans over as typed values or as text, depending on how a
// field was mapped, and an unmapped optional field as "" or null.

/** A number, or text holding one. */
export const NumberInput = Schema.Union(Schema.Number, Schema.NumberFromString)

/** A boolean, or Zapier's text forms of one. */
export const BooleanInput = Schema.Union(
  Schema.Boolean,
  Schema.transform(Schema.Literal("true", "false", "yes", "no", "True", "False", "Yes", "No"), Schema.Boolean, {
    strict: true,
    decode: (text) => ["true", "yes"].includes(text.toLowerCase()),
    encode: (flag) => (flag ? "true" : "false"),
  }),
)

/** A list of URLs: a list field, or one text with the URLs on separate lines or comma-separated. */
export const UrlListInput = Schema.Union(
  Schema.Array(Schema.String),
  Schema.transform(Schema.String, Schema.Array(Schema.String), {
    strict: true,
    decode: (text) => text.split(/[\n,]/),
    encode: (list) => list.join("\n"),
  }),
).pipe(
  Schema.transform(Schema.Array(Schema.String), {
    strict: true,
    decode: (list) => list.map((item) => item.trim()).filter((item) => item !== ""),
    encode: (list) => list,
  }),
)

const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === "string" && value.trim() === "")

/** Drops unmapped fields so that the core's defaults apply. */
export const withoutBlanks = (inputData: unknown): Record<string, unknown> => {
  if (typeof inputData !== "object" || inputData === null) return {}
  return Object.fromEntries(Object.entries(inputData).filter(([, value]) => !isBlank(value)))
}

/** Decodes the fields of one create, naming every bad field at once. */
export const decodeInput = <A, I>(schema: Schema.Schema<A, I>, inputData: unknown): A => {
  const decoded = Schema.decodeUnknownEither(schema, { errors: "all" })(withoutBlanks(inputData))
  if (Either.isRight(decoded)) return decoded.right
  const issues = ParseResult.ArrayFormatter.formatErrorSync(decoded.left)
  throw new ValidationErrors({
    errors: issues.map(
      (issue) =>
        new ValidationError({
          field: issue.path.map(String).join(".") || "input",
          value: "(see the field)",
          rule: issue.message,
        }),
    ),
  })
}

/** An optional input: absent when unmapped, never `undefined`. */
export const optional = <A, I>(schema: Schema.Schema<A, I>) => Schema.optionalWith(schema, { exact: true })
