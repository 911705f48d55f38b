import { describe, expect, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as fc from "fast-check"
import { makeSettings, normalizeBaseUrl, settingsConfig } from "../../src/config/Settings.js"
import { dialectFor } from "../../src/providers/registry.js"

const defaults = (name: Parameters<typeof dialectFor>[0]) => dialectFor(name).defaultBaseUrl

describe("settings", () => {
  it("tolerates a trailing slash or /v1 on the base URL", () => {
    for (const input of ["https://api.tokenbay.com", "https://api.tokenbay.com/", "https://api.tokenbay.com/v1", "https://api.tokenbay.com/v1/"]) {
      expect(normalizeBaseUrl(input)).toEqual(Either.right("https://api.tokenbay.com"))
    }
    expect(normalizeBaseUrl("http://127.0.0.1:4010/tokenbay/v1")).toEqual(Either.right("http://127.0.0.1:4010/tokenbay"))
  })

  it("refuses base URLs that are not http(s) origins, naming the field", () => {
    for (const input of ["ftp://x.test", "not a url", "https://x.test/?k=v", "https://user:pw@x.test"]) {
      const result = normalizeBaseUrl(input)
      expect(Either.isLeft(result) && result.left.field).toBe("baseUrl")
    }
  })

  it("resolves gateway names and aliases, and refuses unknown ones", () => {
    const ok = makeSettings({ provider: "openai-compatible", apiKey: "k" }, defaults)
    expect(Either.isRight(ok) && ok.right.gateway).toBe("tokenbay")
    expect(Either.isRight(ok) && ok.right.baseUrl).toBe("https://api.tokenbay.com")
    const bad = makeSettings({ provider: "fal", apiKey: "k" }, defaults)
    expect(Either.isLeft(bad) && bad.left.field).toBe("provider")
  })

  it.effect("reads HAPPYHORSE_* from the environment, keeping the key redacted", () =>
    Effect.gen(function* () {
      const settings = yield* settingsConfig(defaults).pipe(
        Effect.withConfigProvider(
          ConfigProvider.fromMap(
            new Map([
              ["HAPPYHORSE_PROVIDER", "evolink"],
              ["HAPPYHORSE_API_KEY", "sk-canary"],
              ["HAPPYHORSE_BASE_URL", "https://api.evolink.ai/v1/"],
            ]),
          ),
        ),
      )
      expect(settings.gateway).toBe("evolink")
      expect(settings.baseUrl).toBe("https://api.evolink.ai")
      expect(Redacted.value(settings.apiKey)).toBe("sk-canary")
      expect(String(settings.apiKey)).not.toContain("sk-canary")
      expect(JSON.stringify(settings)).not.toContain("sk-canary")
    }),
  )

  it("any origin with any mix of trailing slashes and /v1 normalizes to the bare origin", () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: false, withFragments: false }), fc.constantFrom("", "/", "/v1", "/v1/"), (url, tail) => {
        const u = new URL(url)
        if (u.username !== "" || u.password !== "") return
        const result = normalizeBaseUrl(`${u.origin}${tail}`)
        expect(result).toEqual(Either.right(u.origin))
      }),
    )
  })
})
