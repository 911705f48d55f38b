import ipaddr from "ipaddr.js"

// Ranges no public callback may point into, with the words an error uses.
const blockedV4: Readonly<Record<string, string>> = {
  unspecified: "an unspecified address",
  broadcast: "a broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address",
  loopback: "a loopback address",
  carrierGradeNat: "a carrier-grade NAT address",
  private: "a private address",
  reserved: "a reserved address",
}

const blockedV6: Readonly<Record<string, string>> = {
  unspecified: "an unspecified address",
  linkLocal: "a link-local address",
  multicast: "a multicast address",
  loopback: "a loopback address",
  uniqueLocal: "a unique-local address",
  deprecatedSiteLocal: "a site-local address",
  discard: "a discard-only address",
  benchmarking: "a benchmarking address",
  reserved: "a reserved address",
  segmentRouting: "a segment-routing address",
}

const v4FromWords = (high: number, low: number): ipaddr.IPv4 =>
  new ipaddr.IPv4([(high >> 8) & 0xff, high & 0xff, (low >> 8) & 0xff, low & 0xff])

/**
 * The IPv4 address an IPv6 address carries, for the forms that reach an IPv4 host:
 * IPv4-mapped, IPv4-translated, IPv4-compatible, NAT64 (64:ff9b::/96), 6to4 and Teredo.
 */
const embeddedV4 = (address: ipaddr.IPv6): ReadonlyArray<ipaddr.IPv4> => {
  const p = address.parts
  const word = (i: number): number => p[i] ?? 0
  const range: string = address.range()
  switch (range) {
    case "ipv4Mapped":
    case "rfc6145":
      return [v4FromWords(word(6), word(7))]
    case "rfc6052":
      return [v4FromWords(word(6), word(7))]
    case "6to4":
      return [v4FromWords(word(1), word(2))]
    case "teredo":
      // Server in words 2-3; the client address is stored inverted in words 6-7.
      return [v4FromWords(word(2), word(3)), v4FromWords(~word(6) & 0xffff, ~word(7) & 0xffff)]
    default:
      break
  }
  // IPv4-compatible ::a.b.c.d (deprecated, but still routed by some stacks).
  if (p.slice(0, 6).every((w) => w === 0) && (word(6) !== 0 || word(7) > 1)) {
    return [v4FromWords(word(6), word(7))]
  }
  return []
}

const v4Reason = (address: ipaddr.IPv4): string | undefined => blockedV4[address.range()]

const v6Reason = (address: ipaddr.IPv6): string | undefined => {
  const direct = blockedV6[address.range()]
  if (direct !== undefined) return direct
  // 64:ff9b:1::/48 is NAT64 for local use only.
  if (address.match(ipaddr.IPv6.parse("64:ff9b:1::"), 48)) return "a local-use NAT64 address"
  for (const v4 of embeddedV4(address)) {
    const inner = v4Reason(v4)
    if (inner !== undefined) return `${inner} (${v4.toString()}) inside an IPv6 address`
  }
  return undefined
}

const privateNames: ReadonlyArray<readonly [RegExp, string]> = [
  [/^localhost$|\.localhost$/, "a localhost name"],
  [/\.local$/, "a multicast-DNS (.local) name"],
  [/\.internal$/, "an internal (.internal) name"],
]

/**
 * Why a URL's host is not a public address, or undefined when it looks public. Expects the
 * canonical `URL.hostname` (the WHATWG parser has already rewritten decimal, octal, hex and
 * short IPv4 forms, and compressed IPv6). Names are judged by their spelling only: no DNS lookup.
 */
export const nonPublicHostReason = (hostname: string): string | undefined => {
  const host = hostname.toLowerCase().replace(/\.$/, "")
  if (host.startsWith("[") && host.endsWith("]")) {
    const literal = host.slice(1, -1)
    if (!ipaddr.IPv6.isValid(literal)) return "not a valid IPv6 address"
    return v6Reason(ipaddr.IPv6.parse(literal))
  }
  if (ipaddr.IPv4.isValidFourPartDecimal(host)) return v4Reason(ipaddr.IPv4.parse(host))
  if (host === "") return "an empty host"
  for (const [pattern, reason] of privateNames) {
    if (pattern.test(host)) return reason
  }
  if (!host.includes(".")) return "a single-label name that only resolves inside a local network"
  return undefined
}
