import * as Command from "@effect/cli/Command"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import { queueCommand } from "./cli/queueCommand.js"

const run = Command.run(queueCommand, { name: "happyhorse-queue", version: "0.1.0" })

// argv as process.argv has it; `happyhorse-queue worker` reads like `happyhorse queue worker`.
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
  process.stdout.write("", () => process.exit(process.exitCode ?? 0))
})
