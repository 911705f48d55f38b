import type { HappyHorseClient } from "@happyhorse/core"
import type * as Effect from "effect/Effect"
import type { Connection } from "../config/Connection.js"
import type { JsonSchema } from "./schemas.js"
import type { TaskMemory } from "./TaskMemory.js"
import type { ToolOutcome } from "./ToolResult.js"

/** What every tool works with, for the life of the server. */
export interface ToolEnv {
  readonly client: HappyHorseClient
  readonly connection: Connection
  /** The only folder videos are written into (or folders inside it). */
  readonly outputFolder: string
  readonly memory: TaskMemory
}

/** One call of a tool: where its progress goes. */
export interface CallContext {
  /**
   * Reports progress out of 100 with a sentence; only a value above the last one is sent, as MCP
   * requires progress to increase. A no-op when the client asked for no progress.
   */
  readonly progress: (value: number, message: string) => Effect.Effect<void>
}

export interface ToolSpec {
  readonly name: string
  readonly title: string
  /** Written for a model to read: what it does, when to use it, what comes back. */
  readonly description: string
  readonly inputSchema: JsonSchema
  readonly readOnly: boolean
  readonly idempotent: boolean
  readonly run: (args: Readonly<Record<string, unknown>>, call: CallContext) => Effect.Effect<ToolOutcome>
}
