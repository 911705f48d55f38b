import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import { dialectFor, type GatewayName, type HappyHorse, layer as coreLayer, resolveGatewayName, Settings } from "@happyhorse/core"
import { configPath, layerNodeFileTransfer, readConfigFile } from "@happyhorse/core/node"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"

/** A setting the server cannot start with: one sentence for the person who configured it. */
export class StartupError extends Schema.TaggedError<StartupError>()("StartupError", {
  detail: Schema.String,
}) {
  override get message(): string {
    return this.detail
  }
}

/** Where the server's tools send their work. The key stays Redacted from the edge inward. */
export interface Connection {
  readonly gateway: GatewayName
  readonly baseUrl: string | undefined
  readonly apiKey: Redacted.Redacted<string>
  /** No key was found: the server runs on an in-process sandbox and says so in every result. */
  readonly sandbox: boolean
  readonly timeScale: number
}

/** Sandbox seconds per real second when no key is set: a two-minute generation takes about three seconds. */
export const SANDBOX_TIME_SCALE = 40
const SANDBOX_KEY = "sandbox-demo-key"

export interface ConnectionInput {
  readonly env: Readonly<Record<string, string | undefined>>
  /** Test setting: divide every wait by this factor. */
  readonly timeScale?: number | undefined
}

const nonEmpty = (value: string | undefined): Option.Option<string> =>
  Option.fromNullable(value).pipe(Option.filter((v) => v.trim() !== ""))

/**
 * The key from HAPPYHORSE_API_KEY, else from the CLI's config file; never from a tool argument.
 * With none, an in-process sandbox starts here and closes with the scope.
 */
export const resolveConnection = (input: ConnectionInput): Effect.Effect<Connection, StartupError, Scope.Scope> =>
  Effect.gen(function* () {
    const path = configPath(input.env)
    const file = Option.getOrUndefined(
      yield* readConfigFile(path).pipe(
        Effect.mapError(() => new StartupError({ detail: `The config file ${path} is not valid JSON with provider, apiKey and baseUrl strings.` })),
      ),
    )
    const provider = nonEmpty(input.env["HAPPYHORSE_PROVIDER"]).pipe(Option.orElse(() => nonEmpty(file?.provider)))
    const baseUrl = nonEmpty(input.env["HAPPYHORSE_BASE_URL"]).pipe(Option.orElse(() => nonEmpty(file?.baseUrl)))
    const apiKey = nonEmpty(input.env["HAPPYHORSE_API_KEY"]).pipe(
      Option.map(Redacted.make),
      Option.orElse(() => Option.fromNullable(file?.apiKey)),
    )
    const timeScale = input.timeScale ?? Option.getOrUndefined(Option.map(nonEmpty(input.env["HAPPYHORSE_TIME_SCALE"]), Number))
    if (timeScale !== undefined && !(Number.isFinite(timeScale) && timeScale >= 1)) {
      return yield* new StartupError({ detail: "The time scale must be a number of at least 1." })
    }
    const gatewayOf = (name: string) => {
      const gateway = resolveGatewayName(name)
      return gateway === undefined
        ? Effect.fail(new StartupError({ detail: `Unknown provider "${name}": use ttapi, tokenbay (or openai-compatible), evolink, acedata or dashscope.` }))
        : Effect.succeed(gateway)
    }
    if (Option.isSome(apiKey)) {
      if (Option.isNone(provider)) {
        return yield* new StartupError({ detail: "An API key is set but no provider: set HAPPYHORSE_PROVIDER (ttapi, tokenbay, evolink, acedata or dashscope)." })
      }
      return {
        gateway: yield* gatewayOf(provider.value),
        baseUrl: Option.getOrUndefined(baseUrl),
        apiKey: apiKey.value,
        sandbox: false,
        timeScale: timeScale ?? 1,
      }
    }
    const gateway = yield* gatewayOf(Option.getOrElse(provider, () => "ttapi"))
    const scale = timeScale ?? SANDBOX_TIME_SCALE
    const url = yield* startEmbeddedSandbox(gateway, scale)
    return { gateway, baseUrl: url, apiKey: Redacted.make(SANDBOX_KEY), sandbox: true, timeScale: scale }
  })

/** The emulator, loaded only when there is no key. */
const startEmbeddedSandbox = (gateway: GatewayName, timeScale: number): Effect.Effect<string, StartupError, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.tryPromise({
      try: async () => {
        const { startSandbox } = await import("@happyhorse/sandbox")
        return startSandbox({ timeScale, seed: Date.now() % 100_000 })
      },
      catch: (cause) => new StartupError({ detail: `The built-in sandbox could not start: ${cause instanceof Error ? cause.message : String(cause)}.` }),
    }),
    (sandbox) => Effect.promise(() => sandbox.close()),
  ).pipe(Effect.map((sandbox) => sandbox.urls[gateway]))

/** The core client for this connection; a wrong base URL is a startup error. */
export const clientLayer = (connection: Connection): Either.Either<Layer.Layer<HappyHorse>, StartupError> =>
  Either.mapLeft(
    Either.map(
      Settings.makeSettings(
        {
          provider: connection.gateway,
          apiKey: connection.apiKey,
          baseUrl: connection.baseUrl,
          timeScale: connection.timeScale,
        },
        (name) => dialectFor(name).defaultBaseUrl,
      ),
      (settings) =>
        coreLayer.pipe(
          Layer.provide(
            Layer.mergeAll(Settings.layer(settings), FetchHttpClient.layer, NodeFileSystem.layer, NodePath.layer, layerNodeFileTransfer),
          ),
        ),
    ),
    (error) => new StartupError({ detail: error.message }),
  )
