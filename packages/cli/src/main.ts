import * as NodeContext from "@effect/platform-node/NodeContext"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import { cli } from "./Cli.js"

/** Run the CLI on argv and exit with the code the command set. */
export const main = (argv: ReadonlyArray<string>): void => {
  // Flag errors are printed by @effect/cli itself; they are a user error (2), not a crash.
  const fiber = Effect.runFork(
    cli(argv).pipe(
      Effect.catchAll(() => Effect.sync(() => void (process.exitCode = 2))),
      Effect.provide(NodeContext.layer),
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
