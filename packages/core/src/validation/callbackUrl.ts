import * as Effect from "effect/Effect"
import type { ValidationError, ValidationErrors } from "../domain/Errors.js"
import { nonPublicHostReason } from "./hostClass.js"
import { issue, validationErrors } from "./issue.js"
import { MAX_URL_LENGTH, parseHttpUrl } from "./mediaUrl.js"

export interface CallbackUrlOptions {
  /**
   * Accept http:// and private or loopback hosts, so a test can run a local receiver.
   * An explicit setting only; it is never inferred from the URL.
   */
  readonly allowPrivateCallbackUrls?: boolean | undefined
}

/**
 * Rules for a callback URL, as the gateways apply them: https only, at most 2048 characters,
 * and a public host (no private, loopback, link-local, unique-local, CGNAT or similar address
 * in any notation, no localhost / .local / .internal names).
 */
export const callbackUrlIssues = (
  url: string,
  options: CallbackUrlOptions = {},
  field = "callbackUrl",
): ReadonlyArray<ValidationError> => {
  const relaxed = options.allowPrivateCallbackUrls === true
  const errors: Array<ValidationError> = []
  if (url.length > MAX_URL_LENGTH) {
    errors.push(issue(field, url, `must be at most ${MAX_URL_LENGTH} characters (got ${url.length})`))
  }
  const parsed = parseHttpUrl(url)
  if (parsed === undefined) {
    errors.push(issue(field, url, "must be an absolute https:// URL"))
    return errors
  }
  if (parsed.protocol !== "https:" && !relaxed) {
    errors.push(issue(field, url, "must use https:// (the gateways refuse plain http callbacks)"))
  }
  if (!relaxed) {
    const reason = nonPublicHostReason(parsed.hostname)
    if (reason !== undefined) {
      errors.push(
        issue(field, url, `must point to a public host the gateway can reach; ${parsed.hostname} is ${reason}`),
      )
    }
  } else if (parsed.hostname === "") {
    errors.push(issue(field, url, "must name a host"))
  }
  return errors
}

/**
 * Checks a callback URL on its own, e.g. before starting a receiver. Succeeds with the URL.
 * `field` names where the URL came from (a flag, a setting) in the errors.
 */
export const checkCallbackUrl = (
  url: string,
  options: CallbackUrlOptions = {},
  field = "callbackUrl",
): Effect.Effect<string, ValidationErrors> =>
  Effect.suspend(() => {
    const errors = callbackUrlIssues(url, options, field)
    return errors.length === 0 ? Effect.succeed(url) : Effect.fail(validationErrors(errors))
  })
