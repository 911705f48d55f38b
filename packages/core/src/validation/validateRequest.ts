import * as Effect from "effect/Effect"
import type { Capabilities } from "../domain/Capabilities.js"
import type { ValidationError, ValidationErrors } from "../domain/Errors.js"
import type { NormalizedRequest } from "../domain/VideoRequest.js"
import type { CallbackUrlOptions } from "./callbackUrl.js"
import { capabilityIssues } from "./capabilityRules.js"
import { decodeRequest } from "./decodeRequest.js"
import { validationErrors } from "./issue.js"
import { mediaIssues } from "./mediaRules.js"
import { normalizeRequest } from "./normalize.js"
import { numberIssues } from "./numberRules.js"
import { promptIssues } from "./prompt.js"
import { requestView } from "./requestView.js"

export type ValidateOptions = CallbackUrlOptions

// Errors are listed in the order a user reads a request, whatever rule found them.
const fieldOrder = [
  "request",
  "kind",
  "model",
  "prompt",
  "image",
  "images",
  "video",
  "resolution",
  "ratio",
  "duration",
  "seed",
  "watermark",
  "referenceType",
  "audio",
  "videoDuration",
  "callbackUrl",
]

const rank = (field: string): number => {
  const base = field.replace(/\[.*$/, "")
  const i = fieldOrder.indexOf(base)
  return i === -1 ? fieldOrder.length : i
}

// images[2] before images[10].
const element = (field: string): number => Number(/\[(\d+)\]/.exec(field)?.[1] ?? -1)

const byField = (errors: ReadonlyArray<ValidationError>): ReadonlyArray<ValidationError> =>
  errors
    .map((error, i) => ({ error, i }))
    .sort(
      (a, b) =>
        rank(a.error.field) - rank(b.error.field) ||
        element(a.error.field) - element(b.error.field) ||
        a.i - b.i,
    )
    .map(({ error }) => error)

/**
 * Checks a request for one gateway before any network call and resolves its defaults.
 * Every failure is collected into one ValidationErrors, each naming the field, the value
 * and the rule.
 */
export const validateRequest = (
  input: unknown,
  capabilities: Capabilities,
  options: ValidateOptions = {},
): Effect.Effect<NormalizedRequest, ValidationErrors> =>
  Effect.suspend(() => {
    const decoded = decodeRequest(input)
    const view = requestView(input, decoded.kind)
    const errors = [
      ...decoded.errors,
      ...(view.prompt === undefined ? [] : promptIssues(view.kind, view.prompt)),
      ...mediaIssues(view),
      ...numberIssues(view, capabilities),
      ...capabilityIssues(view, capabilities, options),
    ]
    if (errors.length > 0 || decoded.request === undefined) {
      return Effect.fail(validationErrors(byField(errors)))
    }
    return Effect.succeed(normalizeRequest(decoded.request, capabilities))
  })
