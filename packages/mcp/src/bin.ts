import * as Command from "@effect/cli/Command"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import { mcpCommand } from "./command.js"
import { SERVER_VERSION } from "./server/McpHost.js"

const run = Command.run(mcpCommand, { name: "happyhorse-mcp", version: SERVER_VERSION })

// argv as process.argv has it: `happyhorse-mcp --http` reads like `happyhorse mcp --http`.
const fiber = Effect.runFork(
  run(process.argv).pipe(
    Effect.catchAll(() => Effect.sync(() => void (process.exitCode = 2))),
    Effect.provide(NodeContext.layer),
  ),
)
const stop = () => Effect.runFork(Fiber.interrupt(fiber))
process.once("SIGINT", stop)
process.once("SIGTERM", stop)
fiber.addObserver(() => {
  process.stderr.write("", () => process.exit(process.exitCode ?? 0))
})
