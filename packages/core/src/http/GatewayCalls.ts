import * as Headers from "@effect/platform/Headers"
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { SubmitInDoubt, TransportError } from "../domain/Errors.js"
import type { ClientSettings } from "../config/Settings.js"
import type { Dialect, WireReply, WireRequest } from "../providers/Dialect.js"
import { retryAfterMs } from "../providers/wire.js"
import { SECRET_HEADERS } from "../security/redact.js"
import { type InFlightLimit, makeInFlightLimit } from "./InFlightLimit.js"
import { retrySchedule } from "./retrySchedule.js"
import { NoAnswer, NotSent, type SendFailure, sendOnce, toHttpRequest } from "./transport.js"

/** The gateway a client is bound to: its settings, its dialect, and its share of connections. */
export interface Gateway {
  readonly settings: ClientSettings
  readonly dialect: Dialect
  /** Caps this client's requests in flight, however many tasks it watches. */
  readonly inFlight: InFlightLimit
}

export class GatewayTag extends Context.Tag("@happyhorse/core/Gateway")<GatewayTag, Gateway>() {}


export const makeGateway = (settings: ClientSettings, dialect: Dialect): Effect.Effect<Gateway> =>
  Effect.map(makeInFlightLimit(settings.maxInFlight), (inFlight) => ({ settings, dialect, inFlight }))

/**
 * A status read's own timeout: well under the 5 s poll floor, so a gateway that holds a read
 * open costs one short wait and a retry, not half a minute per read.
 */
export const STATUS_READ_TIMEOUT = Duration.seconds(4)

/** Header names whose values never reach a log or span, whatever the gateway calls its key. */
export { SECRET_HEADERS }

/** A reply worth another try: 408, 429 or 5xx. */
class RetryableReply extends Data.TaggedError("RetryableReply")<{ readonly reply: WireReply }> {}

const isRetryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500

/** The wait a refusing gateway asked for (Retry-After), if it did. */
const serverWait = (error: { readonly _tag: string }, now: number): number | undefined =>
  error instanceof RetryableReply ? retryAfterMs(error.reply.headers, now) : undefined

export const buildRequest = (gateway: Gateway, wire: WireRequest): HttpClientRequest.HttpClientRequest =>
  toHttpRequest(gateway.settings.baseUrl, wire, gateway.dialect.authHeaders(gateway.settings.apiKey))

const withRedaction = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.locally(effect, Headers.currentRedactedNames, [...SECRET_HEADERS])

/**
 * An idempotent call (status, batch status, cancel): retried on 408, 429, 5xx and network errors
 * with bounded exponential backoff and jitter, honouring Retry-After. After the last try a
 * retryable reply is returned for the dialect to turn into a typed error.
 */
export const callIdempotent = (
  gateway: Gateway,
  operation: string,
  wire: WireRequest,
  /** Status calls pass the poll floor, so a retry never polls a task faster than it allows. */
  minDelay: Duration.DurationInput = Duration.seconds(1),
  /** How long one attempt may wait for its answer (default: the client's readTimeout). */
  timeout: Duration.DurationInput = gateway.settings.readTimeout,
): Effect.Effect<WireReply, TransportError, HttpClient.HttpClient> => {
  const request = buildRequest(gateway, wire)
  const attempt = gateway.inFlight.run(sendOnce(request, timeout)).pipe(
    Effect.flatMap((reply) =>
      isRetryableStatus(reply.status) ? Effect.fail(new RetryableReply({ reply })) : Effect.succeed(reply),
    ),
  )
  return attempt.pipe(
    Effect.retry(
      retrySchedule<SendFailure | RetryableReply, "read">({
        budgetOf: () => "read",
        budgets: { read: gateway.settings.readRetries },
        base: minDelay,
        cap: Duration.seconds(60),
        minDelay,
        timeScale: gateway.settings.timeScale,
        retryAfterMs: serverWait,
      }),
    ),
    Effect.catchTag("RetryableReply", (error) => Effect.succeed(error.reply)),
    Effect.catchTags({
      NotSent: (error) => Effect.fail(new TransportError({ gateway: gateway.settings.gateway, operation, detail: error.detail })),
      NoAnswer: (error) => Effect.fail(new TransportError({ gateway: gateway.settings.gateway, operation, detail: error.detail })),
    }),
    withRedaction,
    Effect.withLogSpan(`happyhorse.${operation}`),
  )
}

/** A submit failure that must not be resent: it never reached the gateway after every try. */
export type SubmitSendFailure = TransportError | SubmitInDoubt

/**
 * A paid, non-idempotent call. Resent only where the request provably did not arrive (connection
 * refused) or was refused with 429 (honouring Retry-After). A send that may have arrived and got no
 * answer is `SubmitInDoubt`, never resent.
 */
export const callSubmit = (
  gateway: Gateway,
  wire: WireRequest,
): Effect.Effect<WireReply, SubmitSendFailure, HttpClient.HttpClient> => {
  const request = buildRequest(gateway, wire)
  const name = gateway.settings.gateway
  return Effect.gen(function* () {
    const sentAt = yield* Clock.currentTimeMillis
    const reply = yield* gateway.inFlight.run(sendOnce(request, gateway.settings.submitTimeout)).pipe(
      Effect.catchTag("NoAnswer", (error) => Effect.fail(new SubmitInDoubt({ gateway: name, reason: error.detail, sentAt }))),
    )
    return reply.status === 429 ? yield* Effect.fail(new RetryableReply({ reply })) : reply
  }).pipe(
    Effect.retry(
      retrySchedule<NotSent | SubmitInDoubt | RetryableReply, "notSent" | "rateLimited">({
        // Only what provably did not arrive, or was refused before any work: never an in-doubt send.
        budgetOf: (error) =>
          error._tag === "NotSent" ? "notSent" : error._tag === "RetryableReply" ? "rateLimited" : undefined,
        budgets: { notSent: gateway.settings.notSentRetries, rateLimited: gateway.settings.rateLimitRetries },
        base: Duration.seconds(1),
        cap: Duration.seconds(60),
        timeScale: gateway.settings.timeScale,
        retryAfterMs: serverWait,
      }),
    ),
    Effect.catchTags({
      RetryableReply: (error) => Effect.succeed(error.reply),
      NotSent: (error) => Effect.fail(new TransportError({ gateway: name, operation: "submit", detail: error.detail })),
    }),
    withRedaction,
    Effect.withLogSpan("happyhorse.submit"),
  )
}

export { type InFlightLimit, makeInFlightLimit, NoAnswer, NotSent }
