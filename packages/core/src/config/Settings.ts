import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { ValidationError, preview } from "../domain/Errors.js"
import { type GatewayName, gatewayNames, resolveGatewayName } from "../domain/Gateway.js"

/** How the client talks to one gateway. */
export interface ClientSettings {
  readonly gateway: GatewayName
  readonly apiKey: Redacted.Redacted<string>
  /** Normalized: no trailing slash, no trailing /v1. */
  readonly baseUrl: string
  /** Overall deadline of a watch. */
  readonly watchDeadline: Duration.Duration
  /**
   * Divides every real wait (poll floor, backoff, deadline). An explicit test setting for a
   * time-compressed sandbox; never inferred from the URL. 1 in production.
   */
  readonly timeScale: number
  /** Test setting: accept http and loopback callback URLs (a local receiver). */
  readonly allowPrivateCallbackUrls: boolean
  /**
   * How many times a submit answered 429 is resent after its Retry-After. Hosts with a hard time
   * limit (a Zapier step has 30 s) set 0 and hand the 429 to their own scheduler.
   */
  readonly rateLimitRetries: number
  /** How many times a request that provably never left this machine (refused, no route) is resent. */
  readonly notSentRetries: number
  /** How many times an idempotent read (status, batch status, cancel) is retried after 408, 429, 5xx or a network failure. */
  readonly readRetries: number
  /** A download that gets no byte (or no headers) for this long counts as cut and resumes with Range. */
  readonly downloadIdleTimeout: Duration.Duration
  /** Longest wait for the answer to a read (status, batch status, cancel). */
  readonly readTimeout: Duration.Duration
  /** Longest wait for the answer to a submit (the headers, on the streamed submit). */
  readonly submitTimeout: Duration.Duration
  /** Requests this client keeps in flight at most: thousands of watched tasks queue here, not on the wire. */
  readonly maxInFlight: number
}

export class HappyHorseSettings extends Context.Tag("@happyhorse/core/HappyHorseSettings")<
  HappyHorseSettings,
  ClientSettings
>() {}

/** The gateway's documented polling floor: never more than one status request per 5 s per task. */
export const POLL_FLOOR = Duration.seconds(5)
export const DEFAULT_WATCH_DEADLINE = Duration.minutes(10)
/** Each retry budget's default: 429 resends, not-sent resends and read retries are counted apart. */
export const DEFAULT_RETRIES = 5
export const DEFAULT_DOWNLOAD_IDLE_TIMEOUT = Duration.seconds(30)
export const DEFAULT_READ_TIMEOUT = Duration.seconds(30)
export const DEFAULT_SUBMIT_TIMEOUT = Duration.seconds(60)
export const DEFAULT_MAX_IN_FLIGHT = 32

/** Accepts the origin as the docs give it; tolerates a trailing slash or /v1 (users paste both). */
export const normalizeBaseUrl = (input: string): Either.Either<string, ValidationError> => {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    return Either.left(new ValidationError({ field: "baseUrl", value: preview(input), rule: "must be an absolute http(s) URL" }))
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return Either.left(new ValidationError({ field: "baseUrl", value: preview(input), rule: "must use http or https" }))
  }
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    return Either.left(
      new ValidationError({ field: "baseUrl", value: preview(url.origin), rule: "must not carry a query, fragment or credentials" }),
    )
  }
  const path = url.pathname.replace(/\/+$/, "").replace(/\/v1$/i, "")
  return Either.right(`${url.origin}${path}`)
}

export interface SettingsInput {
  readonly provider: string
  readonly apiKey: string | Redacted.Redacted<string>
  readonly baseUrl?: string | undefined
  readonly watchDeadline?: Duration.DurationInput | undefined
  readonly timeScale?: number | undefined
  readonly allowPrivateCallbackUrls?: boolean | undefined
  readonly rateLimitRetries?: number | undefined
  readonly notSentRetries?: number | undefined
  readonly readRetries?: number | undefined
  readonly downloadIdleTimeout?: Duration.DurationInput | undefined
  readonly readTimeout?: Duration.DurationInput | undefined
  readonly submitTimeout?: Duration.DurationInput | undefined
  readonly maxInFlight?: number | undefined
}

export const makeSettings = (
  input: SettingsInput,
  defaultBaseUrl: (gateway: GatewayName) => string,
): Either.Either<ClientSettings, ValidationError> => {
  const gateway = resolveGatewayName(input.provider)
  if (gateway === undefined) {
    return Either.left(
      new ValidationError({
        field: "provider",
        value: preview(input.provider),
        rule: `must be one of ${gatewayNames.join(", ")} (or openai-compatible)`,
      }),
    )
  }
  const apiKey = Redacted.isRedacted(input.apiKey) ? input.apiKey : Redacted.make(input.apiKey)
  if (Redacted.value(apiKey).trim() === "") {
    return Either.left(new ValidationError({ field: "apiKey", value: "(empty)", rule: "is required" }))
  }
  const timeScale = input.timeScale ?? 1
  if (!(Number.isFinite(timeScale) && timeScale >= 1)) {
    return Either.left(new ValidationError({ field: "timeScale", value: preview(timeScale), rule: "must be a number >= 1" }))
  }
  const budgets = {
    rateLimitRetries: input.rateLimitRetries ?? DEFAULT_RETRIES,
    notSentRetries: input.notSentRetries ?? DEFAULT_RETRIES,
    readRetries: input.readRetries ?? DEFAULT_RETRIES,
  }
  const maxInFlight = input.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT
  if (!(Number.isInteger(maxInFlight) && maxInFlight >= 1)) {
    return Either.left(new ValidationError({ field: "maxInFlight", value: preview(maxInFlight), rule: "must be a whole number >= 1" }))
  }
  for (const [field, value] of Object.entries(budgets)) {
    if (!(Number.isInteger(value) && value >= 0)) {
      return Either.left(new ValidationError({ field, value: preview(value), rule: "must be a whole number >= 0" }))
    }
  }
  return Either.map(normalizeBaseUrl(input.baseUrl ?? defaultBaseUrl(gateway)), (baseUrl) => ({
    gateway,
    apiKey,
    baseUrl,
    watchDeadline: Duration.decode(input.watchDeadline ?? DEFAULT_WATCH_DEADLINE),
    timeScale,
    allowPrivateCallbackUrls: input.allowPrivateCallbackUrls ?? false,
    ...budgets,
    downloadIdleTimeout: Duration.decode(input.downloadIdleTimeout ?? DEFAULT_DOWNLOAD_IDLE_TIMEOUT),
    readTimeout: Duration.decode(input.readTimeout ?? DEFAULT_READ_TIMEOUT),
    submitTimeout: Duration.decode(input.submitTimeout ?? DEFAULT_SUBMIT_TIMEOUT),
    maxInFlight,
  }))
}

/** A real wait shortened by the test time scale. */
export const scaled = (settings: ClientSettings, duration: Duration.DurationInput): Duration.Duration =>
  Duration.millis(Duration.toMillis(duration) / settings.timeScale)

const optional = <A>(config: Config.Config<A>): Config.Config<A | undefined> =>
  Config.map(Config.option(config), Option.getOrUndefined)

/**
 * Every setting through Effect Config (so any ConfigProvider can supply it): HAPPYHORSE_PROVIDER,
 * HAPPYHORSE_API_KEY and HAPPYHORSE_BASE_URL, and, each optional with its default,
 * HAPPYHORSE_WATCH_DEADLINE, HAPPYHORSE_RATE_LIMIT_RETRIES, HAPPYHORSE_NOT_SENT_RETRIES,
 * HAPPYHORSE_READ_RETRIES, HAPPYHORSE_READ_TIMEOUT, HAPPYHORSE_SUBMIT_TIMEOUT,
 * HAPPYHORSE_DOWNLOAD_IDLE_TIMEOUT and HAPPYHORSE_MAX_IN_FLIGHT. The poll floor is not among them:
 * only the explicit test time scale (`timeScale`, never read from here) relaxes it.
 */
export const settingsConfig = (defaultBaseUrl: (gateway: GatewayName) => string): Config.Config<ClientSettings> =>
  Config.all({
    provider: Config.string("HAPPYHORSE_PROVIDER"),
    apiKey: Config.redacted("HAPPYHORSE_API_KEY"),
    baseUrl: optional(Config.string("HAPPYHORSE_BASE_URL")),
    watchDeadline: optional(Config.duration("HAPPYHORSE_WATCH_DEADLINE")),
    rateLimitRetries: optional(Config.integer("HAPPYHORSE_RATE_LIMIT_RETRIES")),
    notSentRetries: optional(Config.integer("HAPPYHORSE_NOT_SENT_RETRIES")),
    readRetries: optional(Config.integer("HAPPYHORSE_READ_RETRIES")),
    readTimeout: optional(Config.duration("HAPPYHORSE_READ_TIMEOUT")),
    submitTimeout: optional(Config.duration("HAPPYHORSE_SUBMIT_TIMEOUT")),
    downloadIdleTimeout: optional(Config.duration("HAPPYHORSE_DOWNLOAD_IDLE_TIMEOUT")),
    maxInFlight: optional(Config.integer("HAPPYHORSE_MAX_IN_FLIGHT")),
  }).pipe(
    Config.mapOrFail((input) =>
      makeSettings(input, defaultBaseUrl).pipe(
        Either.mapLeft((error) => ConfigError.InvalidData([error.field], error.message)),
      ),
    ),
  )

export const layer = (settings: ClientSettings): Layer.Layer<HappyHorseSettings> =>
  Layer.succeed(HappyHorseSettings, settings)

export const layerConfig = (
  defaultBaseUrl: (gateway: GatewayName) => string,
): Layer.Layer<HappyHorseSettings, ConfigError.ConfigError> =>
  Layer.effect(HappyHorseSettings, settingsConfig(defaultBaseUrl))
