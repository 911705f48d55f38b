import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import { CallbackInbox, dialectFor, HappyHorse, layer as coreLayer, Settings, type ValidationError } from "@happyhorse/core"
import { layerNodeFileTransfer } from "@happyhorse/core/node"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import type { Connection } from "../config/Connection.js"

export interface ClientExtras {
  /** Watch deadline in ms (gateway time). */
  readonly deadlineMs?: number | undefined
  /** Every HTTP reply passes here: the governor learns of 429s the core retries on its own. */
  readonly onReply?: ((status: number, method: string, url: string) => Effect.Effect<void>) | undefined
  /** A callback inbox shared with a webhook receiver, so waiting tasks wake. */
  readonly inbox?: Layer.Layer<CallbackInbox> | undefined
  readonly allowPrivateCallbackUrls?: boolean | undefined
  /**
   * How often the core itself resends a submit refused with 429. A batch sets 0: its governor
   * paces every resend with the rest, where the core's own resend would land between them.
   */
  readonly rateLimitRetries?: number | undefined
}

/** The core client for one connection, or the reason its settings are wrong. */
export const clientLayer = (connection: Connection, extras: ClientExtras = {}): Either.Either<Layer.Layer<HappyHorse>, ValidationError> =>
  Either.map(
    Settings.makeSettings(
      {
        provider: connection.gateway,
        apiKey: connection.apiKey,
        baseUrl: connection.baseUrl,
        timeScale: connection.timeScale,
        watchDeadline: extras.deadlineMs,
        allowPrivateCallbackUrls: extras.allowPrivateCallbackUrls ?? connection.sandbox,
        rateLimitRetries: extras.rateLimitRetries,
      },
      (name) => dialectFor(name).defaultBaseUrl,
    ),
    (settings) => {
      const onReply = extras.onReply
      const http =
        onReply === undefined
          ? FetchHttpClient.layer
          : Layer.effect(
              HttpClient.HttpClient,
              Effect.map(HttpClient.HttpClient, (client) =>
                HttpClient.tap(client, (response) => onReply(response.status, response.request.method, response.request.url)),
              ),
            ).pipe(Layer.provide(FetchHttpClient.layer))
      // Downloads take Node's own byte path (node:http into the file), not an Effect stream.
      const deps = Layer.mergeAll(
        Settings.layer(settings),
        http,
        NodeFileSystem.layer,
        NodePath.layer,
        layerNodeFileTransfer,
        extras.inbox ?? Layer.empty,
      )
      return coreLayer.pipe(Layer.provide(deps))
    },
  )
