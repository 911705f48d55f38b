import type { ValidationError } from "../domain/Errors.js"
import { issue } from "./issue.js"

/** The longest URL the gateways take. */
export const MAX_URL_LENGTH = 2048

// The WHATWG parser is lenient with special schemes ("http:host" parses), so the
// written form must already be absolute.
const absoluteHttp = /^https?:\/\//i

/** Parses an absolute http(s) URL, or undefined. */
export const parseHttpUrl = (value: string): URL | undefined => {
  if (!absoluteHttp.test(value)) return undefined
  try {
    const url = new URL(value)
    return url.protocol === "http:" || url.protocol === "https:" ? url : undefined
  } catch {
    return undefined
  }
}

/**
 * A media input (image or video) the gateway downloads itself: an absolute http(s) URL with a
 * host, at most 2048 characters. Local files, data: and blob: URLs cannot be fetched by a gateway.
 */
export const mediaUrlIssues = (field: string, value: string): ReadonlyArray<ValidationError> => {
  const errors: Array<ValidationError> = []
  if (value.length > MAX_URL_LENGTH) {
    errors.push(issue(field, value, `must be at most ${MAX_URL_LENGTH} characters (got ${value.length})`))
  }
  const url = parseHttpUrl(value)
  if (url === undefined) {
    errors.push(
      issue(
        field,
        value,
        "must be an absolute http:// or https:// URL the gateway can download (not a file path, data:, blob: or relative URL); upload the file first",
      ),
    )
  } else if (url.hostname === "") {
    errors.push(issue(field, value, "must name a host"))
  }
  return errors
}
