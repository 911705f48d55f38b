import { SECRET_HEADERS } from "../http/GatewayCalls.js"

/** How many redirects a download follows (gateway content endpoints often send one, to a CDN). */
export const MAX_REDIRECTS = 5
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])
const SECRETS = new Set<string>(SECRET_HEADERS)

export interface Hop {
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
}

/**
 * Where a reply sends a download next, if it is a redirect to follow. A key goes only where it
 * was meant to: on a move to another origin every credential header is dropped.
 */
export const nextHop = (
  from: URL,
  status: number,
  location: string | undefined,
  headers: Readonly<Record<string, string>>,
): Hop | undefined => {
  if (!REDIRECT_STATUSES.has(status) || location === undefined) return undefined
  const url = new URL(location, from)
  if (url.origin === from.origin) return { url, headers }
  return { url, headers: Object.fromEntries(Object.entries(headers).filter(([name]) => !SECRETS.has(name.toLowerCase()))) }
}
