import { ValidationError, ValidationErrors } from "@happyhorse/core"
import * as Predicate from "effect/Predicate"

/** Tool arguments as MCP hands them: a JSON object, maybe missing. */
export type Args = Readonly<Record<string, unknown>>

export const argsOf = (input: unknown): Args => (Predicate.isRecord(input) ? input : {})

// A name that could carry a secret: keys come from the server's environment or config file only.
const SECRET_NAME = /(^|_|-)?(api_?key|apikey|key|token|secret|password|authorization|bearer)$/i

/** A secret offered as an argument is refused, and its value is never repeated back. */
export const secretArguments = (args: Args): ValidationErrors | undefined => {
  const names = Object.keys(args).filter((name) => SECRET_NAME.test(name))
  return names.length === 0
    ? undefined
    : new ValidationErrors({
        errors: names.map(
          (field) =>
            new ValidationError({
              field,
              value: "(not shown)",
              rule: "API keys are never tool arguments: the server reads HAPPYHORSE_API_KEY from its environment or the config file",
            }),
        ),
      })
}

const describe = (value: unknown): string => {
  try {
    const text = JSON.stringify(value) ?? String(value)
    return text.length > 80 ? `${text.slice(0, 79)}…` : text
  } catch {
    return String(value)
  }
}

/** A whole number in a range, or its absence. */
export const optionalInteger = (
  args: Args,
  field: string,
  range: { readonly min: number; readonly max: number },
): number | undefined | ValidationError => {
  const value = args[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== "number" || !Number.isInteger(value) || value < range.min || value > range.max) {
    return new ValidationError({ field, value: describe(value), rule: `must be a whole number from ${range.min} to ${range.max}` })
  }
  return value
}

export const optionalText = (args: Args, field: string): string | undefined | ValidationError => {
  const value = args[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== "string") return new ValidationError({ field, value: describe(value), rule: "must be text" })
  return value
}

export const requiredText = (args: Args, field: string, rule: string): string | ValidationError => {
  const value = optionalText(args, field)
  if (value === undefined || (typeof value === "string" && value.trim() === "")) {
    return new ValidationError({ field, value: describe(args[field]), rule })
  }
  return value
}

/** The arguments that belong to the tool itself, split from the video request the core checks. */
export const splitArgs = (args: Args, own: ReadonlyArray<string>): { readonly own: Args; readonly request: Args } => {
  const mine: Record<string, unknown> = {}
  const request: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(args)) {
    if (own.includes(key)) mine[key] = value
    else request[key] = value
  }
  return { own: mine, request }
}

/**
 * A request with its kind made explicit when the caller left it out: a video makes an edit,
 * a list of images reference-to-video, one image image-to-video, else text-to-video.
 */
export const withKind = (request: Args): Args => {
  if (request["kind"] !== undefined) return request
  const kind =
    request["video"] !== undefined
      ? "video-edit"
      : request["images"] !== undefined
        ? "reference-to-video"
        : request["image"] !== undefined
          ? "image-to-video"
          : "text-to-video"
  return { ...request, kind }
}
