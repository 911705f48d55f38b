import { HappyHorse, type QueryError, type TaskSnapshot } from "@happyhorse/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import { clientLayer } from "../client/clientLayer.js"
import { type Connection, resolveConnection } from "../config/Connection.js"
import type { TaskRow } from "../journal/TaskRow.js"

/** Fetch a journaled task again from its own gateway, with the key from the environment. */
export const verifyRow = (row: TaskRow, timeScale: Option.Option<number>): Effect.Effect<TaskSnapshot, QueryError> =>
  Effect.scoped(
    Effect.gen(function* () {
      const conn = yield* resolveConnection(
        { provider: Option.some(row.gateway), baseUrl: row.base_url === "" ? Option.none() : Option.some(row.base_url), timeScale },
        { allowSandbox: false },
      )
      const layer = clientLayer(conn)
      if (Either.isLeft(layer)) return yield* Effect.die(layer.left)
      return yield* Effect.provide(Effect.flatMap(HappyHorse, (c) => c.get(row.task_id ?? "")), layer.right)
    }),
  ).pipe(Effect.catchTag("UsageError", (e) => Effect.die(e)))

/** Fetch a task again over a connection this process already holds. */
export const verifyWith =
  (conn: Connection) =>
  (row: TaskRow): Effect.Effect<TaskSnapshot, QueryError> => {
    const layer = clientLayer(conn)
    return Either.isLeft(layer)
      ? Effect.die(layer.left)
      : Effect.provide(Effect.flatMap(HappyHorse, (c) => c.get(row.task_id ?? "")), layer.right)
  }
