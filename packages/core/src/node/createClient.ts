import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
// Only through the main entry: the Node build keeps it external, so both entries share one copy
// of every class (`instanceof` works across them).
import {
  type Capabilities,
  type CostEstimate,
  dialectFor,
  type DownloadResult,
  type GatewayName,
  type GenerateEvent,
  type GenerateResult,
  type ManyEvent,
  type ManyItem,
  type ManyProgress,
  type ManyResult,
  type TaskJournal,
  HappyHorse,
  layer as clientLayer,
  layerBudgetGuard,
  type NormalizedRequest,
  Settings,
  type SubmitReceipt,
  type TaskEvent,
  type TaskSnapshot,
  ValidationError,
  type VideoRequest,
} from "../index.js"
import { makePromiseRunner } from "./promiseRunner.js"
import { layerNodeFileTransfer } from "./nodeFileTransfer.js"

export interface CreateClientOptions {
  /** ttapi, tokenbay (or openai-compatible), evolink, acedata, dashscope. Default: HAPPYHORSE_PROVIDER. */
  readonly provider?: string
  /** Default: HAPPYHORSE_API_KEY. */
  readonly apiKey?: string
  /** The gateway's origin; default: HAPPYHORSE_BASE_URL, else the gateway's documented origin. */
  readonly baseUrl?: string
  /** Overall deadline of a wait, in ms (default 10 minutes). */
  readonly timeoutMs?: number
  /** Refuse work whose estimated spend would pass this many USD. */
  readonly budgetUsd?: number
  /** Test setting: divide every wait by this factor, for a time-compressed sandbox. */
  readonly timeScale?: number
  /** Test setting: accept http and loopback callback URLs. */
  readonly allowPrivateCallbackUrls?: boolean
  /** Resends of a submit answered 429 (default 5); 0 hands every 429 back at once as RateLimited. */
  readonly rateLimitRetries?: number
}

export interface CallOptions {
  readonly signal?: AbortSignal
}

export interface WaitOptions extends CallOptions {
  readonly onEvent?: (event: TaskEvent) => void
  readonly timeoutMs?: number
}

export interface GenerateCallOptions extends CallOptions {
  /** Where the MP4 goes (default: the current folder). */
  readonly outDir?: string
  /** false: stop at the result URL and download nothing (default true). */
  readonly download?: boolean
  readonly fileName?: string
  readonly onEvent?: (event: GenerateEvent) => void
  readonly timeoutMs?: number
}

export interface GenerateManyCallOptions extends CallOptions {
  /** Tasks between submit and download at once (default 8). */
  readonly concurrency?: number
  /** Starting submits per second (default 1); a 429 slows it, accepted submits speed it up. */
  readonly rate?: number
  /** Refuse tasks whose estimate would take this run's spend past this many USD. */
  readonly budgetUsd?: number
  /** Where the MP4s go; without it each result stops at its URL. */
  readonly outDir?: string
  /** Each task's watch deadline, in ms. */
  readonly timeoutMs?: number
  /** A durable journal; default in memory. */
  readonly journal?: TaskJournal
  readonly onEvent?: (event: ManyEvent) => void
  readonly onProgress?: (progress: ManyProgress) => void
}

export interface DownloadCallOptions extends CallOptions {
  readonly outDir?: string
  readonly fileName?: string
  /** The result URL, when known; otherwise the task is read first. */
  readonly url?: string
}

/** The Promise face: each method rejects with the same typed errors (`error._tag`) as the Effect face. */
export interface Client {
  readonly gateway: GatewayName
  readonly baseUrl: string
  readonly capabilities: Capabilities
  readonly validate: (request: VideoRequest) => Promise<NormalizedRequest>
  readonly estimate: (request: VideoRequest) => Promise<CostEstimate>
  readonly submit: (request: VideoRequest, options?: CallOptions) => Promise<SubmitReceipt>
  readonly get: (taskId: string, options?: CallOptions) => Promise<TaskSnapshot>
  /** Resolves with the final event: Succeeded, Failed or Canceled. */
  readonly watch: (taskId: string, options?: WaitOptions) => Promise<TaskEvent>
  readonly download: (taskId: string, options?: DownloadCallOptions) => Promise<DownloadResult>
  readonly generate: (request: VideoRequest, options?: GenerateCallOptions) => Promise<GenerateResult>
  /**
   * Many requests at once, in input order: each result a success or a typed failure (never a
   * rejection for one task). Aborting stops new submits and ends the watches.
   */
  readonly generateMany: (
    requests: ReadonlyArray<VideoRequest | ManyItem>,
    options?: GenerateManyCallOptions,
  ) => Promise<ReadonlyArray<ManyResult>>
  /** Release the client's resources. */
  readonly dispose: () => Promise<void>
}

const fromEnv = (name: string): string | undefined => {
  const value = globalThis.process?.env?.[name]
  return value === undefined || value === "" ? undefined : value
}

const durationOf = (ms: number | undefined): Duration.DurationInput | undefined => (ms === undefined ? undefined : ms)

/** A client for one gateway. Throws a ValidationError at once for a bad provider, key or base URL. */
export const createClient = (options: CreateClientOptions = {}): Client => {
  const provider = options.provider ?? fromEnv("HAPPYHORSE_PROVIDER")
  const apiKey = options.apiKey ?? fromEnv("HAPPYHORSE_API_KEY")
  if (provider === undefined) {
    throw new ValidationError({ field: "provider", value: "(none)", rule: "is required: pass provider or set HAPPYHORSE_PROVIDER" })
  }
  if (apiKey === undefined) {
    throw new ValidationError({ field: "apiKey", value: "(none)", rule: "is required: pass apiKey or set HAPPYHORSE_API_KEY" })
  }
  const settings = Settings.makeSettings(
    {
      provider,
      apiKey,
      baseUrl: options.baseUrl ?? fromEnv("HAPPYHORSE_BASE_URL"),
      watchDeadline: durationOf(options.timeoutMs),
      timeScale: options.timeScale,
      allowPrivateCallbackUrls: options.allowPrivateCallbackUrls,
      rateLimitRetries: options.rateLimitRetries,
    },
    (name) => dialectFor(name).defaultBaseUrl,
  )
  if (Either.isLeft(settings)) throw settings.left

  const platform = Layer.mergeAll(FetchHttpClient.layer, NodeFileSystem.layer, NodePath.layer)
  const base = Layer.merge(clientLayer.pipe(Layer.provide(Layer.merge(Settings.layer(settings.right), platform))), layerNodeFileTransfer)
  const runtime = ManagedRuntime.make(
    Layer.merge(options.budgetUsd === undefined ? base : Layer.merge(base, layerBudgetGuard(options.budgetUsd)), Layer.setTracerEnabled(false)),
  )

  const run = makePromiseRunner(runtime)
  const client = HappyHorse
  const dialect = dialectFor(settings.right.gateway)

  return {
    gateway: settings.right.gateway,
    baseUrl: settings.right.baseUrl,
    capabilities: dialect.capabilities,
    validate: (request) => run(Effect.flatMap(client, (c) => c.validate(request))),
    estimate: (request) => run(Effect.flatMap(client, (c) => c.estimate(request))),
    submit: (request, call) => run(Effect.flatMap(client, (c) => c.submit(request)), call?.signal),
    get: (taskId, call) => run(Effect.flatMap(client, (c) => c.get(taskId)), call?.signal),
    watch: (taskId, call) =>
      run(
        Effect.flatMap(client, (c) =>
          c.track(
            taskId,
            { pollImmediately: true, ...(call?.timeoutMs === undefined ? {} : { deadline: call.timeoutMs }) },
            (event) => Effect.sync(() => call?.onEvent?.(event)),
          ),
        ),
        call?.signal,
      ),
    download: (taskId, call) =>
      run(
        Effect.gen(function* () {
          const c = yield* client
          let url = call?.url
          if (url === undefined) {
            const snapshot = yield* c.get(taskId)
            if (snapshot.status._tag !== "Succeeded") {
              return yield* Effect.fail(
                new ValidationError({ field: "taskId", value: taskId, rule: `has no video yet (status ${snapshot.rawStatus})` }),
              )
            }
            url = snapshot.status.videoUrl
          }
          return yield* c.download(taskId, url, {
            outDir: call?.outDir ?? ".",
            ...(call?.fileName === undefined ? {} : { fileName: call.fileName }),
          })
        }),
        call?.signal,
      ),
    generate: (request, call) =>
      run(
        Effect.flatMap(client, (c) =>
          c.generate(request, {
            ...(call?.download === false ? {} : { outDir: call?.outDir ?? "." }),
            ...(call?.fileName === undefined ? {} : { fileName: call.fileName }),
            ...(call?.timeoutMs === undefined ? {} : { deadline: call.timeoutMs }),
            onEvent: (event) => Effect.sync(() => call?.onEvent?.(event)),
          }),
        ),
        call?.signal,
      ),
    generateMany: (requests, call) =>
      run(
        Effect.flatMap(client, (c) =>
          c.generateMany(
            requests.map((item) => ("request" in item ? item : { request: item })),
            {
              ...(call?.concurrency === undefined ? {} : { concurrency: call.concurrency }),
              ...(call?.rate === undefined ? {} : { rate: call.rate }),
              ...(call?.budgetUsd === undefined ? {} : { budgetUsd: call.budgetUsd }),
              ...(call?.outDir === undefined ? {} : { outDir: call.outDir }),
              ...(call?.timeoutMs === undefined ? {} : { deadline: call.timeoutMs }),
              ...(call?.journal === undefined ? {} : { journal: call.journal }),
              onEvent: (event) => Effect.sync(() => call?.onEvent?.(event)),
              onProgress: (progress) => Effect.sync(() => call?.onProgress?.(progress)),
            },
          ),
        ),
        call?.signal,
      ),
    dispose: () => runtime.dispose(),
  }
}
