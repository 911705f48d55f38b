import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import {
  type Capabilities,
  type ValidateOptions,
  validateRequest,
  type ValidationErrors,
  VideoRequest,
} from "../index.js"
import { fieldTypes, isRequestField } from "./fields.js"

// Hosts hand over every value as they hold it: n8n and Zapier give numbers and booleans as
// text when a field is mapped from another step, an unmapped field as "" or null, and a list
// of URLs as one text with the URLs on lines or separated by commas.

const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === "string" && value.trim() === "")

const TRUE = new Set(["true", "yes", "on", "1"])
const FALSE = new Set(["false", "no", "off", "0"])

/** A number from text; text that is not one stays as it is, for validation to name. */
const toNumber = (value: unknown): unknown => {
  if (typeof value !== "string") return value
  const n = Number(value.trim())
  return Number.isFinite(n) ? n : value
}

const toBoolean = (value: unknown): unknown => {
  if (typeof value !== "string") return value
  const word = value.trim().toLowerCase()
  return TRUE.has(word) ? true : FALSE.has(word) ? false : value
}

const toUrlList = (value: unknown): unknown => {
  const items = typeof value === "string" ? value.split(/[\n,]/) : value
  if (!Array.isArray(items)) return value
  return items
    .map((item: unknown) => (typeof item === "string" ? item.trim() : item))
    .filter((item: unknown) => !isBlank(item))
}

const coerce = (name: string, value: unknown): unknown => {
  if (name === "kind") return typeof value === "string" ? value.trim() : value
  if (!isRequestField(name)) return value
  switch (fieldTypes[name]) {
    case "integer":
    case "number":
      return toNumber(value)
    case "boolean":
      return toBoolean(value)
    case "url-list":
      return toUrlList(value)
    case "url":
    case "options":
      return typeof value === "string" ? value.trim() : value
    case "prompt":
    case "text":
      return value
  }
}

/**
 * Flat host input as a request object: blank fields dropped (so the core's defaults apply),
 * numbers and booleans read from text, URL lists split. Nothing is judged here: a value that
 * cannot be read stays as given, and validation names it.
 */
export const coerceHostInput = (input: Readonly<Record<string, unknown>>): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(input)) {
    if (!isBlank(value)) out[name] = coerce(name, value)
  }
  return out
}

/**
 * Flat host input to a request for this gateway, or one ValidationErrors naming every bad
 * field, its value and the rule. Costs nothing; nothing is sent.
 */
export const decodeHostInput = (
  input: Readonly<Record<string, unknown>>,
  capabilities: Capabilities,
  options: ValidateOptions = {},
): Effect.Effect<VideoRequest, ValidationErrors> =>
  Effect.suspend(() => {
    const request = coerceHostInput(input)
    return validateRequest(request, capabilities, options).pipe(
      // Validation passed, so the request matches its kind's schema.
      Effect.flatMap(() => Effect.orDie(Schema.decodeUnknown(VideoRequest)(request))),
    )
  })

/** decodeHostInput for hosts without Effect: Right with the request, or Left with the errors. */
export const readHostInput = (
  input: Readonly<Record<string, unknown>>,
  capabilities: Capabilities,
  options: ValidateOptions = {},
): Either.Either<VideoRequest, ValidationErrors> => Effect.runSync(Effect.either(decodeHostInput(input, capabilities, options)))
