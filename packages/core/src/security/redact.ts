/**
 * Secrets out of gateway text, at the source: every reply body, header and transport message is
 * cleaned here before any error or snapshot is built from it, so nothing downstream (a journal,
 * a report, a queue, a log) can store a key a gateway echoed back.
 */

/** Header names whose values are credentials, whatever the gateway calls its key. */
export const SECRET_HEADERS = ["authorization", "tt-api-key", "x-api-key", "cookie", "set-cookie"] as const

export const MASK = "[redacted]"

const SECRET_NAMES = new Set<string>(SECRET_HEADERS)

// A credential header written out as text or JSON: `Authorization: Bearer x`, `"x-api-key":"x"`, `TT-API-KEY=x`.
// JSON is cleaned value by value (redactValue), never with this pattern on its text.
const HEADER_VALUE = /((?:authorization|tt-api-key|x-api-key)["']?\s*[:=]\s*["']?)(?:(?:bearer|basic|token)\s+)?[^\s"'\\,;})\]]+/gi
// A bearer token anywhere, even where no header name precedes it.
const BEARER = /(\bbearer\s+)[A-Za-z0-9._~+/=-]{4,}/gi

/** Secrets shorter than this are not searched for: they would mask ordinary words. */
const MIN_SECRET = 4

/** The secret values a request carries: each credential header's value, and a bearer token alone. */
export const secretsOfHeaders = (headers: Readonly<Record<string, string>>): ReadonlyArray<string> => {
  const out: Array<string> = []
  for (const [name, value] of Object.entries(headers)) {
    if (!SECRET_NAMES.has(name.toLowerCase())) continue
    out.push(value)
    const token = /^\s*(?:bearer|basic|token)\s+(.+)$/i.exec(value)?.[1]
    if (token !== undefined) out.push(token.trim())
  }
  return out
}

/** Each secret as written raw and as it appears inside a JSON string, longest first. */
const spellings = (secrets: ReadonlyArray<string>): ReadonlyArray<string> => {
  const all = new Set<string>()
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET) continue
    all.add(secret)
    all.add(JSON.stringify(secret).slice(1, -1))
    all.add(encodeURIComponent(secret))
  }
  return [...all].sort((a, b) => b.length - a.length)
}

/** Remove the known secrets, any credential header's value and any bearer token from a text. */
export const redactText = (text: string, secrets: ReadonlyArray<string>): string => {
  let out = text
  for (const secret of spellings(secrets)) if (out.includes(secret)) out = out.split(secret).join(MASK)
  return out.replace(HEADER_VALUE, `$1${MASK}`).replace(BEARER, `$1${MASK}`)
}

const CREDENTIAL_WORD = /authorization|tt-api-key|x-api-key|bearer|cookie/i

/** Could this text hold a secret? A cheap test, so that clean replies pass through untouched. */
export const mayHoldSecret = (text: string, secrets: ReadonlyArray<string>): boolean =>
  CREDENTIAL_WORD.test(text) || spellings(secrets).some((secret) => text.includes(secret))

/**
 * A parsed body (JSON or text) cleaned value by value: every string is cleaned, and a field named
 * like a credential header loses its value whole. JSON stays JSON.
 */
export const redactValue = (value: unknown, secrets: ReadonlyArray<string>): unknown => {
  if (typeof value === "string") return redactText(value, secrets)
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets))
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {}
    for (const [name, field] of Object.entries(value)) {
      out[redactText(name, secrets)] = SECRET_NAMES.has(name.toLowerCase()) ? MASK : redactValue(field, secrets)
    }
    return out
  }
  return value
}

/** Header values cleaned the same way; a credential header's value is dropped whole. */
export const redactHeaders = (
  headers: Readonly<Record<string, string>>,
  secrets: ReadonlyArray<string>,
): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    out[name] = SECRET_NAMES.has(name.toLowerCase()) ? MASK : redactText(value, secrets)
  }
  return out
}
