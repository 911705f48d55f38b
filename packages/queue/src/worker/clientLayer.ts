import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import { dialectFor, type HappyHorse, layer as coreLayer, Settings, type ValidationError } from "@happyhorse/core"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"

/** How a worker reaches its gateway. */
export interface GatewayConnection {
  readonly provider: string
  readonly apiKey: string | Redacted.Redacted<string>
  readonly baseUrl?: string | undefined
  /** Test setting for a time-compressed sandbox; shortens every wait. Default 1. */
  readonly timeScale?: number | undefined
  readonly allowPrivateCallbackUrls?: boolean | undefined
}

/**
 * The core client for a worker. A 429 on submit is not resent inside the core (rateLimitRetries 0):
 * the worker hands it to BullMQ's limiter, which pauses every worker, instead of holding a slot.
 */
export const clientLayer = (connection: GatewayConnection): Either.Either<Layer.Layer<HappyHorse>, ValidationError> =>
  Either.map(
    Settings.makeSettings(
      {
        provider: connection.provider,
        apiKey: connection.apiKey,
        baseUrl: connection.baseUrl,
        timeScale: connection.timeScale,
        allowPrivateCallbackUrls: connection.allowPrivateCallbackUrls,
        rateLimitRetries: 0,
      },
      (name) => dialectFor(name).defaultBaseUrl,
    ),
    (settings) =>
      coreLayer.pipe(
        Layer.provide(Layer.mergeAll(Settings.layer(settings), FetchHttpClient.layer, NodeFileSystem.layer, NodePath.layer)),
      ),
  )
