// EvoLink's documented callback rules, applied by every dialect that calls back: https only,
// no private addresses, at most 2048 characters. Test mode lifts the first two for local receivers.

const isPrivateV4 = (host: string): boolean => {
  const parts = host.split(".").map((p) => Number(p))
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return false
  const [a = 0, b = 0] = parts
  return (
    a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)
  )
}

const isPrivateHost = (hostname: string): boolean => {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase()
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal")) return true
  if (isPrivateV4(host)) return true
  if (host.includes(":")) {
    if (host === "::1" || host === "::") return true
    if (/^f[cd][0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host)) return true
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host)
    if (mapped?.[1] !== undefined) return isPrivateV4(mapped[1])
  }
  return false
}

export type CallbackVerdict = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly message: string }

export const checkCallbackUrl = (raw: string, testMode: boolean): CallbackVerdict => {
  if (raw.length > 2048) return { ok: false, message: "callback_url must not exceed 2048 characters" }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, message: "callback_url is not a valid URL" }
  }
  if (testMode) {
    return url.protocol === "https:" || url.protocol === "http:"
      ? { ok: true, url: raw }
      : { ok: false, message: "callback_url must use http or https" }
  }
  if (url.protocol !== "https:") return { ok: false, message: "callback_url must use the HTTPS protocol" }
  if (isPrivateHost(url.hostname)) return { ok: false, message: "callback_url must not point to a private IP address" }
  return { ok: true, url: raw }
}
