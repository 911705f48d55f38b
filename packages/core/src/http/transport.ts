import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type { WireReply, WireRequest } from "../providers/Dialect.js"
import { mayHoldSecret, redactHeaders, redactText, redactValue, secretsOfHeaders } from "../security/redact.js"

/** The request provably never reached the server (refused, no route, no such host): safe to resend. */
export class NotSent extends Data.TaggedError("NotSent")<{ readonly detail: string }> {}

/** The request may have reached the server but no answer came (timeout, reset, cut). */
export class NoAnswer extends Data.TaggedError("NoAnswer")<{ readonly detail: string }> {}

export type SendFailure = NotSent | NoAnswer

// Codes that mean no byte of the request left this machine.
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "UND_ERR_CONNECT_TIMEOUT"])

const errorCode = (error: unknown): string | undefined => {
  let current: unknown = error
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === "string") return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

export const classifyRequestError = (error: HttpClientError.HttpClientError): SendFailure => {
  const secrets = secretsOfHeaders(error.request.headers)
  if (error._tag === "RequestError" && error.reason !== "Transport") {
    // Encoding or URL errors happen before anything is sent.
    return new NotSent({ detail: redactText(`${error.reason}: ${error.message}`, secrets) })
  }
  const code = errorCode(error.cause)
  const detail = redactText(code ?? (error.cause instanceof Error ? error.cause.message : error.message), secrets)
  return code !== undefined && NOT_SENT_CODES.has(code) ? new NotSent({ detail }) : new NoAnswer({ detail })
}

export const joinUrl = (baseUrl: string, path: string): string => `${baseUrl}${path}`

export const toHttpRequest = (
  baseUrl: string,
  wire: WireRequest,
  auth: Readonly<Record<string, string>>,
): HttpClientRequest.HttpClientRequest => {
  const base = HttpClientRequest.make(wire.method)(joinUrl(baseUrl, wire.path)).pipe(
    HttpClientRequest.setHeaders({ accept: "application/json", ...auth, ...wire.headers }),
  )
  return wire.body === undefined ? base : HttpClientRequest.bodyUnsafeJson(base, wire.body)
}

/** Lower-cased reply headers, with any key the gateway echoed in them removed. */
const headersOf = (response: HttpClientResponse.HttpClientResponse): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(response.headers)) out[key.toLowerCase()] = value
  return redactHeaders(out, secretsOfHeaders(response.request.headers))
}

const parseBody = (text: string): unknown => {
  if (text.trim() === "") return ""
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

/**
 * A reply's body, parsed, with every key the request carried (and any credential header or bearer
 * token) removed: the one door through which gateway text enters the core.
 */
const readBody = (response: HttpClientResponse.HttpClientResponse, text: string): unknown => {
  const secrets = secretsOfHeaders(response.request.headers)
  const body = parseBody(text)
  return mayHoldSecret(text, secrets) ? redactValue(body, secrets) : body
}

/** One line per request: method, URL without its query, outcome and time. Never headers or bodies. */
export const logRequest = (request: HttpClientRequest.HttpClientRequest, outcome: number | string, started: number) =>
  Effect.flatMap(Clock.currentTimeMillis, (now) =>
    Effect.logDebug(`${request.method} ${request.url.split("?")[0]} -> ${outcome} (${now - started} ms)`),
  )

/** One attempt: send, read the whole body, parse JSON when it is JSON. */
export const sendOnce = (
  request: HttpClientRequest.HttpClientRequest,
  timeout: Duration.DurationInput,
): Effect.Effect<WireReply, SendFailure, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const client = yield* HttpClient.HttpClient
    const started = yield* Clock.currentTimeMillis
    const response = yield* client.execute(request).pipe(
      Effect.mapError(classifyRequestError),
      Effect.tapError((failure) => logRequest(request, failure._tag, started)),
    )
    const text = yield* response.text.pipe(
      Effect.mapError((error) => new NoAnswer({ detail: `body cut: ${redactText(error.message, secretsOfHeaders(request.headers))}` })),
    )
    yield* logRequest(request, response.status, started)
    const receivedAt = yield* Clock.currentTimeMillis
    return { status: response.status, headers: headersOf(response), body: readBody(response, text), receivedAt }
  }).pipe(
    Effect.timeoutFail({
      duration: timeout,
      onTimeout: () => new NoAnswer({ detail: `no answer within ${Duration.format(Duration.decode(timeout))}` }),
    }),
  )

/** Send and hand back the open response, for streaming bodies (NDJSON, downloads). */
export const open = (
  request: HttpClientRequest.HttpClientRequest,
  timeout: Duration.DurationInput,
): Effect.Effect<HttpClientResponse.HttpClientResponse, SendFailure, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const client = yield* HttpClient.HttpClient
    return yield* client.execute(request).pipe(Effect.mapError(classifyRequestError))
  }).pipe(
    Effect.timeoutFail({
      duration: timeout,
      onTimeout: () => new NoAnswer({ detail: `no response headers within ${Duration.format(Duration.decode(timeout))}` }),
    }),
  )

export { headersOf, parseBody, readBody }
