import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Duration from "effect/Duration"
import type { ClientSettings } from "../../src/config/Settings.js"
import { GatewayTag, makeGateway } from "../../src/http/GatewayCalls.js"
import { dialectFor } from "../../src/providers/registry.js"
import type { GatewayName } from "../../src/domain/Gateway.js"

/** One scripted answer: a reply, or a network failure with a Node error code. */
export type Step =
  | { readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> }
  | { readonly networkError: string }

export interface SentRequest {
  readonly at: number
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
}

/** An HttpClient that answers from a script, recording when each request came (on the Test clock). */
export const scriptedHttp = (steps: ReadonlyArray<Step>) => {
  const sent: Array<SentRequest> = []
  let index = 0
  const client = HttpClient.make((request: HttpClientRequest.HttpClientRequest) =>
    Effect.gen(function* () {
      const at = yield* Clock.currentTimeMillis
      sent.push({ at, method: request.method, url: request.url, headers: request.headers })
      const step = steps[Math.min(index, steps.length - 1)]
      index++
      if (step === undefined) return yield* Effect.die("empty script")
      if ("networkError" in step) {
        return yield* Effect.fail(
          new HttpClientError.RequestError({
            request,
            reason: "Transport",
            // The shape fetch really throws: a TypeError whose cause carries the Node error code.
            cause: new TypeError("fetch failed", {
              cause: Object.assign(new Error(`socket: ${step.networkError}`), { code: step.networkError }),
            }),
          }),
        )
      }
      const body = step.body === undefined ? null : typeof step.body === "string" ? step.body : JSON.stringify(step.body)
      return HttpClientResponse.fromWeb(
        request,
        new Response(body, { status: step.status, headers: { "content-type": "application/json", ...step.headers } }),
      )
    }),
  )
  return { layer: Layer.succeed(HttpClient.HttpClient, client), sent }
}

export const CANARY_KEY = "sk-canary-7f3a9c1e-DO-NOT-LEAK"

export const testSettings = (gateway: GatewayName, overrides: Partial<ClientSettings> = {}): ClientSettings => ({
  gateway,
  apiKey: Redacted.make(CANARY_KEY),
  baseUrl: "https://gateway.test",
  watchDeadline: Duration.minutes(10),
  timeScale: 1,
  allowPrivateCallbackUrls: false,
  rateLimitRetries: 5,
  notSentRetries: 5,
  readRetries: 5,
  downloadIdleTimeout: Duration.seconds(30),
  readTimeout: Duration.seconds(30),
  submitTimeout: Duration.seconds(60),
  maxInFlight: 32,
  ...overrides,
})

export const gatewayLayer = (gateway: GatewayName, overrides: Partial<ClientSettings> = {}) =>
  Layer.effect(GatewayTag, makeGateway(testSettings(gateway, overrides), dialectFor(gateway)))

/** Like scriptedHttp, with a script per task: a request goes to the task whose id its URL names. */
export const scriptedHttpByTask = (scripts: Readonly<Record<string, ReadonlyArray<Step>>>) => {
  const ids = Object.keys(scripts)
  const perTask = new Map(ids.map((id) => [id, scriptedHttp(scripts[id] ?? [])] as const))
  const client = HttpClient.make((request: HttpClientRequest.HttpClientRequest) =>
    Effect.gen(function* () {
      const id = ids.find((candidate) => request.url.includes(candidate))
      const target = id === undefined ? undefined : perTask.get(id)
      if (target === undefined) return yield* Effect.die(`no script for ${request.url}`)
      const http = yield* HttpClient.HttpClient.pipe(Effect.provide(target.layer))
      return yield* http.execute(request)
    }),
  )
  const sent = (taskId: string): ReadonlyArray<SentRequest> => perTask.get(taskId)?.sent ?? []
  return { layer: Layer.succeed(HttpClient.HttpClient, client), sent }
}
