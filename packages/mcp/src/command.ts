import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"

export const DEFAULT_HTTP_PORT = 8790

const flags = {
  http: Options.boolean("http").pipe(
    Options.withDescription("Serve Streamable HTTP on 127.0.0.1 instead of stdio. Needs HAPPYHORSE_MCP_TOKEN (a bearer token of 16+ characters)."),
  ),
  port: Options.integer("port").pipe(Options.withDescription(`HTTP port (default ${DEFAULT_HTTP_PORT}; 0 picks a free one).`), Options.withDefault(DEFAULT_HTTP_PORT)),
  dir: Options.text("dir").pipe(
    Options.withDescription("The only folder videos are saved into (default: HAPPYHORSE_MCP_DIR, else ~/happyhorse-videos)."),
    Options.optional,
  ),
  timeScale: Options.float("time-scale").pipe(Options.withDescription("Test setting: divide every wait by this factor."), Options.optional),
}

/**
 * `happyhorse mcp` and `happyhorse-mcp`: the MCP server. The server itself loads only when the
 * command runs, so other commands stay fast.
 */
export const mcpCommand = Command.make("mcp", flags, (options) =>
  Effect.gen(function* () {
    const { serve } = yield* Effect.promise(() => import("./serve.js"))
    yield* Effect.scoped(
      serve({
        transport: options.http ? "http" : "stdio",
        port: options.port,
        outputFolder: Option.getOrUndefined(options.dir),
        timeScale: Option.getOrUndefined(options.timeScale),
      }),
    ).pipe(
      Effect.catchTag("StartupError", (error) =>
        Effect.sync(() => {
          process.stderr.write(`happyhorse-mcp: ${error.message}\n`)
          process.exitCode = 2
        }),
      ),
    )
  }),
).pipe(
  Command.withDescription(
    "Serve HappyHorse as MCP tools for AI assistants and editor agents (stdio by default). With no HAPPYHORSE_API_KEY it runs on the built-in sandbox.",
  ),
)
