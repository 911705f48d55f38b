import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import fc from "fast-check"
import { checkCallbackUrl, nonPublicHostReason } from "../../src/validation/index.js"

const refusedRule = (url: string, options?: { allowPrivateCallbackUrls?: boolean }) =>
  checkCallbackUrl(url, options).pipe(
    Effect.flip,
    Effect.map((e) => e.errors.map((x) => x.rule).join(" | ")),
    Effect.orDieWith(() => new Error(`expected ${url} to be refused`)),
  )

const isRefused = (url: string): boolean => Either.isLeft(Effect.runSync(Effect.either(checkCallbackUrl(url))))

// [url, the words the rule must contain]
const refused: ReadonlyArray<readonly [string, string]> = [
  ["https://127.0.0.1/cb", "loopback"],
  ["https://2130706433/cb", "loopback"],
  ["https://0177.0.0.1/cb", "loopback"],
  ["https://0x7f.0.0.1/cb", "loopback"],
  ["https://0x7f000001/cb", "loopback"],
  ["https://017700000001/cb", "loopback"],
  ["https://127.1/cb", "loopback"],
  ["https://127.0.1/cb", "loopback"],
  ["https://0x7F.1/cb", "loopback"],
  ["https://10.0.0.1/cb", "private"],
  ["https://012.0.0.1/cb", "private"],
  ["https://167772161/cb", "private"],
  ["https://172.16.5.4/cb", "private"],
  ["https://172.31.255.255/cb", "private"],
  ["https://192.168.1.1:8443/cb", "private"],
  ["https://0xc0.0xa8.1.1/cb", "private"],
  ["https://169.254.169.254/latest/meta-data", "link-local"],
  ["https://100.64.0.1/cb", "carrier-grade NAT"],
  ["https://100.127.255.254/cb", "carrier-grade NAT"],
  ["https://0.0.0.0/cb", "unspecified"],
  ["https://0/cb", "unspecified"],
  ["https://255.255.255.255/cb", "broadcast"],
  ["https://224.0.0.1/cb", "multicast"],
  ["https://239.255.255.250/cb", "multicast"],
  ["https://[::1]/cb", "loopback"],
  ["https://[0:0:0:0:0:0:0:1]/cb", "loopback"],
  ["https://[::]/cb", "unspecified"],
  ["https://[fe80::1]/cb", "link-local"],
  ["https://[fc00::1]/cb", "unique-local"],
  ["https://[fd12:3456:789a::1]/cb", "unique-local"],
  ["https://[ff02::1]/cb", "multicast"],
  ["https://[fec0::1]/cb", "site-local"],
  ["https://[::ffff:127.0.0.1]/cb", "loopback"],
  ["https://[::ffff:7f00:1]/cb", "loopback"],
  ["https://[::ffff:10.1.2.3]/cb", "private"],
  ["https://[::ffff:a9fe:a9fe]/cb", "link-local"],
  ["https://[::ffff:0:127.0.0.1]/cb", "loopback"],
  ["https://[::127.0.0.1]/cb", "loopback"],
  ["https://[::7f00:1]/cb", "loopback"],
  ["https://[::192.168.0.1]/cb", "private"],
  ["https://[64:ff9b::127.0.0.1]/cb", "loopback"],
  ["https://[64:ff9b::a00:1]/cb", "private"],
  ["https://[64:ff9b::c0a8:101]/cb", "private"],
  ["https://[64:ff9b:1::1]/cb", "local-use NAT64"],
  ["https://[2002:7f00:1::]/cb", "loopback"],
  ["https://[2002:c0a8:101::1]/cb", "private"],
  ["https://[2002:a00:1::]/cb", "private"],
  ["https://[2002:a9fe:a9fe::1]/cb", "link-local"],
  ["https://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/cb", "private"],
  ["https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/cb", "loopback"],
  ["https://localhost/cb", "localhost"],
  ["https://LOCALHOST:8443/cb", "localhost"],
  ["https://localhost./cb", "localhost"],
  ["https://api.localhost/cb", "localhost"],
  ["https://printer.local/cb", ".local"],
  ["https://metadata.google.internal/cb", ".internal"],
  ["https://intranet/cb", "single-label"],
]

const allowed: ReadonlyArray<string> = [
  "https://93.184.215.14/cb",
  "https://[2606:4700::1111]/cb",
  "https://hooks.example.com/happyhorse?token=abc",
  "https://8.8.8.8:8443/cb",
  "https://1.1.1.1/cb",
  "https://[::ffff:93.184.215.14]/cb",
  "https://[64:ff9b::93.184.215.14]/cb",
  "https://[2002:5db8:d70e::1]/cb",
  "https://[2001:0:4136:e378:8000:63bf:f7f7:f7f7]/cb",
  "https://172.32.0.1/cb",
  "https://100.128.0.1/cb",
  "https://local.example.com/cb",
  "https://internal.example.com/cb",
]

describe("checkCallbackUrl", () => {
  it.effect("refuses private, loopback and special hosts in every notation", () =>
    Effect.gen(function* () {
      for (const [url, words] of refused) {
        const rule = yield* refusedRule(url)
        expect(rule, url).toContain("public host")
        expect(rule, url).toContain(words)
      }
    }),
  )

  it.effect("accepts public addresses and names", () =>
    Effect.gen(function* () {
      for (const url of allowed) {
        expect(yield* checkCallbackUrl(url)).toBe(url)
      }
    }),
  )

  it.effect("names the canonical host in the rule", () =>
    Effect.gen(function* () {
      expect(yield* refusedRule("https://0x7f.1/cb")).toContain("127.0.0.1 is a loopback address")
      expect(yield* refusedRule("https://[::ffff:127.0.0.1]/cb")).toContain("(127.0.0.1) inside an IPv6 address")
    }),
  )

  it.effect("requires https, an absolute URL and at most 2048 characters", () =>
    Effect.gen(function* () {
      expect(yield* refusedRule("http://hooks.example.com/cb")).toContain("must use https://")
      for (const url of ["ftp://hooks.example.com/cb", "hooks.example.com/cb", "/cb", "data:text/plain,hi", ""]) {
        expect(yield* refusedRule(url)).toContain("absolute https:// URL")
      }
      const long = `https://hooks.example.com/${"a".repeat(2049 - 26)}`
      expect(long).toHaveLength(2049)
      expect(yield* refusedRule(long)).toContain("at most 2048 characters (got 2049)")
      const fine = `https://hooks.example.com/${"a".repeat(2048 - 26)}`
      expect(yield* checkCallbackUrl(fine)).toBe(fine)
    }),
  )

  it.effect("collects every failure of one URL", () =>
    Effect.gen(function* () {
      const errors = yield* Effect.flip(checkCallbackUrl(`http://127.0.0.1/${"a".repeat(2100)}`))
      expect(errors.errors).toHaveLength(3)
      expect(errors.errors.every((e) => e.field === "callbackUrl")).toBe(true)
    }),
  )

  it.effect("allowPrivateCallbackUrls relaxes only https and the address rule", () =>
    Effect.gen(function* () {
      const relaxed = { allowPrivateCallbackUrls: true }
      for (const url of ["http://127.0.0.1:4567/cb", "http://localhost:4567/cb", "https://[::1]:4567/cb"]) {
        expect(yield* checkCallbackUrl(url, relaxed)).toBe(url)
      }
      expect(yield* refusedRule("ftp://127.0.0.1/cb", relaxed)).toContain("absolute https:// URL")
      expect(yield* refusedRule(`http://127.0.0.1/${"a".repeat(2100)}`, relaxed)).toContain("at most 2048")
      // Never inferred from the URL itself.
      expect(isRefused("http://127.0.0.1:4567/cb")).toBe(true)
      expect(yield* refusedRule("http://127.0.0.1:4567/cb", { allowPrivateCallbackUrls: false })).toContain("https")
    }),
  )

  it("nonPublicHostReason judges canonical hosts only by spelling", () => {
    expect(nonPublicHostReason("127.0.0.1")).toBe("a loopback address")
    expect(nonPublicHostReason("[::1]")).toBe("a loopback address")
    expect(nonPublicHostReason("example.com")).toBeUndefined()
    expect(nonPublicHostReason("")).toBe("an empty host")
  })
})

// --- Property: any private IPv4, written in any notation the URL parser accepts -----------------

const privateRanges: ReadonlyArray<readonly [number, number]> = [
  [0x7f000000, 8], // loopback
  [0x0a000000, 8], // private
  [0xac100000, 12],
  [0xc0a80000, 16],
  [0xa9fe0000, 16], // link-local
  [0x64400000, 10], // CGNAT
  [0x00000000, 8], // unspecified
]

const privateV4 = fc
  .tuple(fc.constantFrom(...privateRanges), fc.nat())
  .map(([[base, bits], r]) => (base + (r % 2 ** (32 - bits))) >>> 0)

type Radix = "dec" | "oct" | "hex" | "HEX"
const radix = fc.constantFrom<Radix>("dec", "oct", "hex", "HEX")

const write = (n: number, how: Radix): string => {
  switch (how) {
    case "dec":
      return n.toString(10)
    case "oct":
      return `0${n.toString(8)}`
    case "hex":
      return `0x${n.toString(16)}`
    case "HEX":
      return `0X${n.toString(16).toUpperCase()}`
  }
}

/** a.b.c.d, a.b.(16 bits), a.(24 bits) or one 32-bit number, each part in its own radix. */
const notation = fc
  .tuple(privateV4, fc.integer({ min: 1, max: 4 }), fc.array(radix, { minLength: 4, maxLength: 4 }))
  .map(([n, parts, radixes]) => {
    const octets = [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]
    const head = octets.slice(0, parts - 1)
    const tail = octets.slice(parts - 1).reduce((acc, o) => acc * 256 + o, 0)
    return { n, host: [...head, tail].map((v, i) => write(v, radixes[i] ?? "dec")).join(".") }
  })

const dotted = (n: number): string => [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join(".")
const hex4 = (n: number): string => `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`

describe("checkCallbackUrl properties", () => {
  it("(c) refuses any private or loopback IPv4 in random notation", () => {
    fc.assert(
      fc.property(notation, ({ n, host }) => {
        const url = `https://${host}/cb`
        expect(new URL(url).hostname).toBe(dotted(n))
        expect(isRefused(url)).toBe(true)
      }),
      { numRuns: 500 },
    )
  })

  it("refuses any private IPv4 wrapped in IPv6 (mapped, compatible, NAT64, 6to4)", () => {
    const wrap = fc.constantFrom(
      (n: number) => `[::ffff:${dotted(n)}]`,
      (n: number) => `[::ffff:${hex4(n)}]`,
      (n: number) => `[::${dotted(n)}]`,
      (n: number) => `[64:ff9b::${hex4(n)}]`,
      (n: number) => `[2002:${hex4(n)}::1]`,
    )
    fc.assert(
      fc.property(privateV4, wrap, (n, w) => {
        expect(isRefused(`https://${w(n)}/cb`)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })
})
