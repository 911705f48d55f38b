import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import * as NodeTerminal from "@effect/platform-node/NodeTerminal"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import { cli } from "./Cli.js"

/** What @effect/cli needs, and no more: NodeContext would also load the command executor and workers. */
const environment = Layer.mergeAll(NodeFileSystem.layer, NodePath.layer, NodeTerminal.layer)

/** Run the CLI on argv and exit with the code the command set. */
export const main = (argv: ReadonlyArray<string>): void => {
  // Flag errors are printed by @effect/cli itself; they are a user error (2), not a crash.
  const fiber = Effect.runFork(
    cli(argv).pipe(
      Effect.catchAll(() => Effect.sync(() => void (process.exitCode = 2))),
      Effect.provide(environment),
    ),
  )
  const stop = () => Effect.runFork(Fiber.interrupt(fiber))
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
  fiber.addObserver(() => {
    // Open sockets (keep-alive, a sandbox) must not keep the process alive after the work is done.
    process.stdout.write("", () => process.exit(process.exitCode ?? 0))
  })
}
