import { type GatewayName, resolveGatewayName } from "@happyhorse/core"
import { configPath, readConfigFile } from "@happyhorse/core/node"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import { UsageError } from "./UsageError.js"

/** Where and how the CLI talks to a gateway. The key stays Redacted from here on. */
export interface Connection {
  readonly gateway: GatewayName
  readonly baseUrl: string | undefined
  readonly apiKey: Redacted.Redacted<string>
  /** Set when the CLI runs on its own in-process sandbox (no API key). */
  readonly sandbox: boolean
  readonly timeScale: number
}

export interface ConnectionFlags {
  readonly provider: Option.Option<string>
  readonly baseUrl: Option.Option<string>
  readonly timeScale: Option.Option<number>
}

/** Sandbox seconds per real second for the demo: a two-minute generation takes about three seconds. */
export const DEMO_TIME_SCALE = 40
const SANDBOX_KEY = "sandbox-demo-key"

const isLoopback = (url: string): boolean => {
  try {
    const host = new URL(url).hostname
    return host === "127.0.0.1" || host === "localhost" || host === "[::1]"
  } catch {
    return false
  }
}

const gatewayOf = (name: string): Effect.Effect<GatewayName, UsageError> => {
  const gateway = resolveGatewayName(name)
  return gateway === undefined
    ? Effect.fail(new UsageError({ detail: `Unknown provider "${name}": use ttapi, tokenbay (or openai-compatible), evolink, acedata or dashscope.` }))
    : Effect.succeed(gateway)
}

const envValue = (name: string): Option.Option<string> => Option.fromNullable(process.env[name]).pipe(Option.filter((v) => v.trim() !== ""))

/**
 * Flags first, then HAPPYHORSE_* variables, then the config file. With no key at all, the
 * commands that allow it run on an in-process sandbox (started here, closed with the scope).
 */
export const resolveConnection = (
  flags: ConnectionFlags,
  /** `sandboxOnly`: a fresh built-in sandbox whatever key is set (rerunning sandbox tasks). */
  options: { readonly allowSandbox: boolean; readonly sandboxOnly?: boolean },
): Effect.Effect<Connection, UsageError, Scope.Scope> =>
  Effect.gen(function* () {
    if (options.sandboxOnly === true) {
      const gateway = yield* gatewayOf(Option.getOrElse(flags.provider, () => "ttapi"))
      const scale = Option.getOrElse(flags.timeScale, () => DEMO_TIME_SCALE)
      const url = yield* startEmbeddedSandbox(gateway, scale)
      return { gateway, baseUrl: url, apiKey: Redacted.make(SANDBOX_KEY), sandbox: true, timeScale: scale }
    }
    const file = yield* readConfigFile(configPath()).pipe(
      Effect.mapError(() => new UsageError({ detail: `The config file ${configPath()} is not valid JSON with provider, apiKey and baseUrl strings.` })),
    )
    const fromFile = Option.getOrUndefined(file)
    const provider = flags.provider.pipe(
      Option.orElse(() => envValue("HAPPYHORSE_PROVIDER")),
      Option.orElse(() => Option.fromNullable(fromFile?.provider)),
    )
    const baseUrl = flags.baseUrl.pipe(
      Option.orElse(() => envValue("HAPPYHORSE_BASE_URL")),
      Option.orElse(() => Option.fromNullable(fromFile?.baseUrl)),
    )
    const apiKey = envValue("HAPPYHORSE_API_KEY").pipe(
      Option.map(Redacted.make),
      Option.orElse(() => Option.fromNullable(fromFile?.apiKey)),
    )
    const timeScale = flags.timeScale.pipe(
      Option.orElse(() => envValue("HAPPYHORSE_TIME_SCALE").pipe(Option.map(Number))),
    )
    if (timeScale._tag === "Some" && !(Number.isFinite(timeScale.value) && timeScale.value >= 1)) {
      return yield* new UsageError({ detail: "The time scale must be a number of at least 1." })
    }

    if (Option.isSome(apiKey)) {
      if (Option.isNone(provider)) {
        return yield* new UsageError({ detail: "An API key is set but no provider: set HAPPYHORSE_PROVIDER (ttapi, tokenbay, evolink, acedata or dashscope)." })
      }
      return {
        gateway: yield* gatewayOf(provider.value),
        baseUrl: Option.getOrUndefined(baseUrl),
        apiKey: apiKey.value,
        sandbox: false,
        timeScale: Option.getOrElse(timeScale, () => 1),
      }
    }
    const gateway = yield* gatewayOf(Option.getOrElse(provider, () => "ttapi"))
    // A sandbox someone started with `happyhorse sandbox` takes any key.
    if (Option.isSome(baseUrl) && isLoopback(baseUrl.value)) {
      return { gateway, baseUrl: baseUrl.value, apiKey: Redacted.make(SANDBOX_KEY), sandbox: false, timeScale: Option.getOrElse(timeScale, () => 1) }
    }
    if (!options.allowSandbox) {
      return yield* new UsageError({
        detail: `No API key: set HAPPYHORSE_API_KEY and HAPPYHORSE_PROVIDER (or put apiKey in ${configPath()}).`,
      })
    }
    const scale = Option.getOrElse(timeScale, () => DEMO_TIME_SCALE)
    const url = yield* startEmbeddedSandbox(gateway, scale)
    return { gateway, baseUrl: url, apiKey: Redacted.make(SANDBOX_KEY), sandbox: true, timeScale: scale }
  })

/** The emulator, loaded only when needed so `--help` stays fast. */
const startEmbeddedSandbox = (gateway: GatewayName, timeScale: number): Effect.Effect<string, UsageError, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.tryPromise({
      try: async () => {
        const { startSandbox } = await import("@happyhorse/sandbox")
        return startSandbox({ timeScale, seed: Date.now() % 100_000 })
      },
      catch: (cause) => new UsageError({ detail: `The built-in sandbox could not start: ${cause instanceof Error ? cause.message : String(cause)}.` }),
    }),
    (sandbox) => Effect.promise(() => sandbox.close()),
  ).pipe(Effect.map((sandbox) => sandbox.urls[gateway]))
