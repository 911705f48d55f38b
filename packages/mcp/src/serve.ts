import { HappyHorse } from "@happyhorse/core"
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import { clientLayer, resolveConnection, StartupError } from "./config/Connection.js"
import { defaultOutputFolder } from "./config/OutputFolder.js"
import { makeBridge } from "./protocol/JsonRpcBridge.js"
import * as McpHost from "./server/McpHost.js"
import { makeRedactor, stderrLogger } from "./server/redact.js"
import { downloadVideo } from "./tools/downloadVideo.js"
import { estimateCost } from "./tools/estimateCost.js"
import { SANDBOX_NOTE } from "./tools/explain.js"
import { generateVideo } from "./tools/generateVideo.js"
import { getTask } from "./tools/getTask.js"
import { listGateways } from "./tools/listGateways.js"
import { TaskMemory } from "./tools/TaskMemory.js"
import type { ToolEnv, ToolSpec } from "./tools/Tool.js"
import { MIN_TOKEN_LENGTH, serveHttp } from "./transport/http.js"

export interface ServeOptions {
  /** stdio (the default) or Streamable HTTP on 127.0.0.1. */
  readonly transport: "stdio" | "http"
  /** HTTP port; 0 picks a free one. */
  readonly port?: number | undefined
  /** The folder videos may be written into; default HAPPYHORSE_MCP_DIR, else ~/happyhorse-videos. */
  readonly outputFolder?: string | undefined
  /** Test setting: divide every wait by this factor. */
  readonly timeScale?: number | undefined
  readonly env?: Readonly<Record<string, string | undefined>> | undefined
  /** Told once the server listens (HTTP) or reads stdin. */
  readonly onReady?: ((info: { readonly url?: string | undefined }) => void) | undefined
}

/** The five tools, for one connection. */
export const tools = (env: ToolEnv): ReadonlyArray<ToolSpec> => [generateVideo(env), getTask(env), downloadVideo(env), estimateCost(env), listGateways(env)]

/**
 * Run the MCP server until the scope closes (or, on stdio, until the client goes away). Every
 * log line goes to stderr with the key and the HTTP token replaced.
 */
export const serve = (options: ServeOptions): Effect.Effect<void, StartupError, Scope.Scope> => {
  const env = options.env ?? process.env
  const token = env["HAPPYHORSE_MCP_TOKEN"]?.trim() ?? ""
  const secrets: Array<string> = [env["HAPPYHORSE_API_KEY"] ?? "", token].filter((s) => s !== "")
  const redact = makeRedactor(secrets)
  return Effect.gen(function* () {
    if (options.transport === "http" && token.length < MIN_TOKEN_LENGTH) {
      return yield* new StartupError({
        detail: `HTTP needs a bearer token: set HAPPYHORSE_MCP_TOKEN to a secret of at least ${MIN_TOKEN_LENGTH} characters (for example: openssl rand -hex 32). The server does not start without one.`,
      })
    }
    const connection = yield* resolveConnection({ env, timeScale: options.timeScale })
    // The config file's key counts as a secret too, once it is known.
    secrets.push(Redacted.value(connection.apiKey))
    const layer = clientLayer(connection)
    if (Either.isLeft(layer)) return yield* layer.left
    const client = Context.get(yield* Layer.build(layer.right), HappyHorse)
    const toolEnv: ToolEnv = {
      client,
      connection,
      outputFolder: options.outputFolder ?? defaultOutputFolder(env),
      memory: new TaskMemory(),
    }
    const bridge = yield* makeBridge
    yield* Layer.build(McpHost.layer(bridge, tools(toolEnv), redact))
    yield* Effect.logInfo(
      `${connection.sandbox ? `sandbox (${SANDBOX_NOTE})` : `gateway ${connection.gateway}`}; videos go to ${toolEnv.outputFolder}`,
    )
    if (options.transport === "http") {
      const http = yield* serveHttp(bridge, { port: options.port ?? 0, token })
      yield* Effect.logInfo(`Streamable HTTP on ${http.url} (bearer token required)`)
      options.onReady?.({ url: http.url })
      return yield* Effect.never
    }
    const transport = new StdioServerTransport()
    const closed = Effect.async<void>((resume) => {
      process.stdin.once("end", () => resume(Effect.void))
      process.stdin.once("close", () => resume(Effect.void))
    })
    yield* bridge.attach(transport)
    yield* Effect.logInfo("serving MCP on stdio")
    options.onReady?.({})
    yield* closed
    yield* Effect.logInfo("stdin closed; stopping")
  }).pipe(Effect.provide(Logger.replace(Logger.defaultLogger, stderrLogger(redact))))
}
