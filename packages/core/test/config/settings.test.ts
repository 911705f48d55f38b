import { describe, expect, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
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

  it.effect("retries, timeouts, the in-flight bound and the deadline come through Config", () =>
    Effect.gen(function* () {
      const settings = yield* settingsConfig(defaults).pipe(
        Effect.withConfigProvider(
          ConfigProvider.fromMap(
            new Map([
              ["HAPPYHORSE_PROVIDER", "ttapi"],
              ["HAPPYHORSE_API_KEY", "sk-canary"],
              ["HAPPYHORSE_WATCH_DEADLINE", "20 minutes"],
              ["HAPPYHORSE_RATE_LIMIT_RETRIES", "10"],
              ["HAPPYHORSE_NOT_SENT_RETRIES", "2"],
              ["HAPPYHORSE_READ_RETRIES", "7"],
              ["HAPPYHORSE_READ_TIMEOUT", "10 seconds"],
              ["HAPPYHORSE_SUBMIT_TIMEOUT", "90 seconds"],
              ["HAPPYHORSE_DOWNLOAD_IDLE_TIMEOUT", "45 seconds"],
              ["HAPPYHORSE_MAX_IN_FLIGHT", "4"],
            ]),
          ),
        ),
      )
      expect(settings).toMatchObject({ rateLimitRetries: 10, notSentRetries: 2, readRetries: 7, maxInFlight: 4, timeScale: 1 })
      expect(Duration.toMillis(settings.watchDeadline)).toBe(1_200_000)
      expect(Duration.toMillis(settings.readTimeout)).toBe(10_000)
      expect(Duration.toMillis(settings.submitTimeout)).toBe(90_000)
      expect(Duration.toMillis(settings.downloadIdleTimeout)).toBe(45_000)
      const bad = yield* Effect.flip(
        settingsConfig(defaults).pipe(
          Effect.withConfigProvider(
            ConfigProvider.fromMap(
              new Map([
                ["HAPPYHORSE_PROVIDER", "ttapi"],
                ["HAPPYHORSE_API_KEY", "sk-canary"],
                ["HAPPYHORSE_MAX_IN_FLIGHT", "0"],
              ]),
            ),
          ),
        ),
      )
      expect(String(bad)).toContain("maxInFlight")
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
