import * as FileSystem from "@effect/platform/FileSystem"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Path from "@effect/platform/Path"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type { ConfigError } from "effect/ConfigError"
import { HappyHorseSettings, layerConfig as settingsLayerConfig } from "./config/Settings.js"
import { type CostEstimate, estimateCost } from "./cost/estimate.js"
import type { Capabilities } from "./domain/Capabilities.js"
import type { ValidationErrors } from "./domain/Errors.js"
import type { GatewayName } from "./domain/Gateway.js"
import type { SubmitReceipt, TaskEvent, TaskSnapshot } from "./domain/TaskStatus.js"
import type { NormalizedRequest } from "./domain/VideoRequest.js"
import { type Gateway, GatewayTag, makeGateway } from "./http/GatewayCalls.js"
import { download, type DownloadError, type DownloadOptions, type DownloadResult } from "./lifecycle/download.js"
import { FileTransfer } from "./lifecycle/FileTransfer.js"
import { generate, type GenerateError, type GenerateOptions, type GenerateResult } from "./lifecycle/generate.js"
import { getTask, getTasks, type QueryError } from "./lifecycle/query.js"
import { submit, type SubmitError } from "./lifecycle/submit.js"
import { makeTracker } from "./lifecycle/Tracker.js"
import { follow, watch, type WatchError, type WatchOptions } from "./lifecycle/watch.js"
import { dialectFor } from "./providers/registry.js"
import { generateMany, type GenerateManyOptions, type ManyItem, type ManyResult } from "./many/generateMany.js"
import { validateRequest } from "./validation/index.js"

/** The whole lifecycle for one gateway, with every dependency already provided. */
export interface HappyHorseClient {
  readonly gateway: GatewayName
  readonly capabilities: Capabilities
  /** Check a request for this gateway and resolve its defaults; costs nothing. */
  readonly validate: (input: unknown) => Effect.Effect<NormalizedRequest, ValidationErrors>
  readonly estimate: (input: unknown) => Effect.Effect<CostEstimate, ValidationErrors>
  /** Paid, and never resent when in doubt. */
  readonly submit: (input: unknown) => Effect.Effect<SubmitReceipt, ValidationErrors | SubmitError>
  readonly get: (taskId: string) => Effect.Effect<TaskSnapshot, QueryError>
  readonly getMany: (taskIds: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<TaskSnapshot>, QueryError>
  readonly watch: (taskId: string, options?: WatchOptions) => Stream.Stream<TaskEvent, WatchError>
  /** Like watch, without a stream: reports each event and returns the final one. Cheapest per task. */
  readonly follow: (
    taskId: string,
    options: WatchOptions,
    onEvent: (event: TaskEvent) => Effect.Effect<void>,
  ) => Effect.Effect<TaskEvent, WatchError>
  /**
   * Like follow, for many tasks at once: one loop per client drives every tracked task, so each
   * costs a small record instead of a fiber and a timer. Waits for a callback through `follow`.
   */
  readonly track: (
    taskId: string,
    options: WatchOptions,
    onEvent: (event: TaskEvent) => Effect.Effect<void>,
  ) => Effect.Effect<TaskEvent, WatchError>
  readonly download: (
    taskId: string,
    url: string,
    options: DownloadOptions,
  ) => Effect.Effect<DownloadResult, DownloadError>
  readonly generate: (
    input: unknown,
    options?: GenerateOptions,
  ) => Effect.Effect<GenerateResult, ValidationErrors | GenerateError>
  /**
   * Many requests as one effect: journaled, submitted under an adaptive rate and a budget, followed
   * by this client's Tracker, downloaded; results in input order, each a success or a typed failure.
   */
  readonly generateMany: (items: ReadonlyArray<ManyItem>, options?: GenerateManyOptions) => Effect.Effect<ReadonlyArray<ManyResult>>
}

export class HappyHorse extends Context.Tag("@happyhorse/core/HappyHorse")<HappyHorse, HappyHorseClient>() {}

export const make: Effect.Effect<
  HappyHorseClient,
  never,
  HappyHorseSettings | HttpClient.HttpClient | FileSystem.FileSystem | Path.Path | Scope.Scope
> = Effect.gen(function* () {
  const settings = yield* HappyHorseSettings
  const dialect = dialectFor(settings.gateway)
  const gateway: Gateway = yield* makeGateway(settings, dialect)
  // A platform's faster byte path for downloads, when one is provided alongside.
  const transfer = yield* Effect.serviceOption(FileTransfer)
  const base = (yield* Effect.context<HttpClient.HttpClient | FileSystem.FileSystem | Path.Path>()).pipe(
    Context.add(GatewayTag, gateway),
  )
  const context = Option.isSome(transfer) ? Context.add(base, FileTransfer, transfer.value) : base
  const run = <A, E>(effect: Effect.Effect<A, E, HttpClient.HttpClient | FileSystem.FileSystem | Path.Path | GatewayTag>) =>
    Effect.provide(effect, context)
  const tracker = yield* Effect.provide(makeTracker, context)
  const validate = (input: unknown) =>
    validateRequest(input, dialect.capabilities, { allowPrivateCallbackUrls: settings.allowPrivateCallbackUrls })
  const track: HappyHorseClient["track"] = (taskId, options, onEvent) =>
    options.viaCallback === true ? run(follow(taskId, options, onEvent)) : tracker.track(taskId, options, onEvent)
  // Under generateMany the governor paces every resend of a 429, so the core hands each one back.
  const oneSend = Context.add(context, GatewayTag, { ...gateway, settings: { ...gateway.settings, rateLimitRetries: 0 } })

  return {
    gateway: settings.gateway,
    capabilities: dialect.capabilities,
    validate,
    estimate: (input) => Effect.map(validate(input), (request) => estimateCost(settings.gateway, request)),
    submit: (input) => Effect.flatMap(validate(input), (request) => run(submit(request))),
    get: (taskId) => run(getTask(taskId)),
    getMany: (taskIds) => run(getTasks(taskIds)),
    watch: (taskId, options) => Stream.provideContext(watch(taskId, options), context),
    follow: (taskId, options, onEvent) => run(follow(taskId, options, onEvent)),
    track,
    download: (taskId, url, options) => run(download(taskId, url, options)),
    generate: (input, options) => Effect.flatMap(validate(input), (request) => run(generate(request, options))),
    generateMany: (items, options) =>
      generateMany(
        {
          gateway: settings.gateway,
          timeScale: settings.timeScale,
          validate,
          submitOnce: (request) => Effect.provide(submit(request), oneSend),
          track,
          download: (taskId, url, options) => run(download(taskId, url, options)),
        },
        items,
        options,
      ),
  }
})

/** Effect users: provide settings, an HttpClient, a FileSystem and a Path. */
export const layer: Layer.Layer<
  HappyHorse,
  never,
  HappyHorseSettings | HttpClient.HttpClient | FileSystem.FileSystem | Path.Path
> = Layer.scoped(HappyHorse, make)

/** Settings from HAPPYHORSE_PROVIDER, HAPPYHORSE_API_KEY and HAPPYHORSE_BASE_URL. */
export const layerConfig: Layer.Layer<
  HappyHorse,
  ConfigError,
  HttpClient.HttpClient | FileSystem.FileSystem | Path.Path
> = layer.pipe(Layer.provide(settingsLayerConfig((name) => dialectFor(name).defaultBaseUrl)))
