import type * as Effect from "effect/Effect"
import type { GatewayName, TaskSnapshot } from "../index.js"

/** A client that can read a task: the Effect client `HappyHorse` is one. */
export interface TaskReader<E = unknown> {
  readonly gateway: GatewayName
  readonly get: (taskId: string) => Effect.Effect<TaskSnapshot, E>
}

/** The same, as a Promise: the client of `createClient` is one. */
export interface AsyncTaskReader {
  readonly gateway: GatewayName
  readonly get: (taskId: string, options?: { readonly signal?: AbortSignal }) => Promise<TaskSnapshot>
}
