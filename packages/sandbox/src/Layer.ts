import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { SandboxOptions } from "./Options.js"
import { startSandbox, type Sandbox } from "./Sandbox.js"

/** The running sandbox as an Effect service. */
export class HappyHorseSandbox extends Context.Tag("@happyhorse/sandbox/HappyHorseSandbox")<HappyHorseSandbox, Sandbox>() {}

/** Starts the sandbox for the layer's scope and closes it when the scope ends. */
export const layer = (options: SandboxOptions = {}): Layer.Layer<HappyHorseSandbox> =>
  Layer.scoped(
    HappyHorseSandbox,
    Effect.acquireRelease(
      Effect.promise(() => startSandbox(options)),
      (sandbox) => Effect.promise(() => sandbox.close()),
    ),
  )
