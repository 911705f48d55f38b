import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import { type NewTask, SANDBOX_BASE_URL, type TaskPatch, TaskRow, type TaskState } from "./TaskRow.js"

/** The journal could not be read or written; the message names the file. */
export class JournalError extends Schema.TaggedError<JournalError>()("JournalError", {
  file: Schema.String,
  detail: Schema.String,
}) {
  override get message(): string {
    return `the task journal ${this.file} is not usable: ${this.detail}`
  }
}

export interface JournalService {
  readonly file: string
  /** Record the intent to run a task; an existing row with the same key is kept as it is. */
  readonly intend: (task: NewTask) => Effect.Effect<TaskRow, JournalError>
  readonly update: (key: string, patch: TaskPatch) => Effect.Effect<void, JournalError>
  readonly get: (key: string) => Effect.Effect<Option.Option<TaskRow>, JournalError>
  readonly byTaskId: (taskId: string) => Effect.Effect<Option.Option<TaskRow>, JournalError>
  readonly byToken: (token: string) => Effect.Effect<Option.Option<TaskRow>, JournalError>
  readonly list: (filter?: { readonly batch?: string; readonly states?: ReadonlyArray<TaskState> }) => Effect.Effect<ReadonlyArray<TaskRow>, JournalError>
  /** After a crash: every submit that was on its way is now in doubt. Returns how many. */
  readonly settleInterrupted: (batch?: string) => Effect.Effect<number, JournalError>
  /** The user asked to send in-doubt submits again: they go back to pending. Returns how many. */
  readonly releaseInDoubt: (batch?: string) => Effect.Effect<number, JournalError>
  /**
   * Run a built-in sandbox batch's unfinished tasks again on a fresh sandbox: every row not done
   * goes back to pending, its dead task id dropped. Safe only there: nothing was paid.
   */
  readonly rerunSandbox: (batch: string) => Effect.Effect<number, JournalError>
}

export class Journal extends Context.Tag("@happyhorse/cli/Journal")<Journal, JournalService>() {}

class Decode extends Data.TaggedError("Decode")<{ readonly detail: string }> {}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS tasks (
    key TEXT PRIMARY KEY,
    batch TEXT,
    gateway TEXT NOT NULL,
    base_url TEXT NOT NULL,
    request TEXT NOT NULL,
    prompt TEXT,
    state TEXT NOT NULL,
    task_id TEXT,
    video_url TEXT,
    file TEXT,
    bytes INTEGER,
    cost_usd REAL,
    progress REAL,
    error_tag TEXT,
    error TEXT,
    callback_token TEXT,
    created_at INTEGER NOT NULL,
    submitted_at INTEGER,
    finished_at INTEGER,
    updated_at INTEGER NOT NULL
  )`,
  "CREATE INDEX IF NOT EXISTS tasks_task_id ON tasks (task_id)",
  "CREATE INDEX IF NOT EXISTS tasks_batch ON tasks (batch)",
  "CREATE UNIQUE INDEX IF NOT EXISTS tasks_token ON tasks (callback_token)",
]

const decodeRows = Schema.decodeUnknown(Schema.Array(TaskRow))

/** The journal on an SQL client; `file` names it in errors. */
export const make = (file: string): Effect.Effect<JournalService, JournalError, SqlClient.SqlClient> => Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const fail = (error: SqlError | Decode) => new JournalError({ file, detail: error._tag === "Decode" ? error.detail : error.message })
  const rows = (effect: Effect.Effect<ReadonlyArray<unknown>, SqlError>) =>
    effect.pipe(
      Effect.flatMap((raw) => decodeRows(raw).pipe(Effect.mapError((e) => new Decode({ detail: e.message })))),
      Effect.mapError(fail),
    )
  const first = (effect: Effect.Effect<ReadonlyArray<unknown>, SqlError>) =>
    Effect.map(rows(effect), (all) => Option.fromNullable(all[0]))

  yield* Effect.forEach(SCHEMA, (statement) => sql.unsafe(statement), { discard: true }).pipe(Effect.mapError(fail))

  const get = (key: string) => first(sql`SELECT * FROM tasks WHERE key = ${key}`)

  return {
    file,
    intend: (task) =>
      Effect.gen(function* () {
        const now = Date.now()
        yield* sql`INSERT OR IGNORE INTO tasks ${sql.insert({
          key: task.key,
          batch: task.batch,
          gateway: task.gateway,
          base_url: task.baseUrl,
          request: task.request,
          prompt: task.prompt,
          state: "pending",
          created_at: now,
          updated_at: now,
        })}`.pipe(Effect.mapError(fail))
        const row = yield* get(task.key)
        return Option.getOrThrowWith(row, () => new Error("row vanished after insert"))
      }),
    update: (key, patch) => {
      const values: Record<string, string | number | null> = { updated_at: Date.now() }
      for (const [name, value] of Object.entries(patch)) if (value !== undefined) values[name] = value as string | number | null
      return sql`UPDATE tasks SET ${sql.update(values)} WHERE key = ${key}`.pipe(Effect.asVoid, Effect.mapError(fail))
    },
    get,
    byTaskId: (taskId) => first(sql`SELECT * FROM tasks WHERE task_id = ${taskId} ORDER BY created_at DESC`),
    byToken: (token) => first(sql`SELECT * FROM tasks WHERE callback_token = ${token}`),
    list: (filter = {}) => {
      const where = [
        ...(filter.batch === undefined ? [] : [sql`batch = ${filter.batch}`]),
        ...(filter.states === undefined || filter.states.length === 0 ? [] : [sql.in("state", filter.states)]),
      ]
      return rows(sql`SELECT * FROM tasks WHERE ${sql.and(where)} ORDER BY created_at, key`)
    },
    settleInterrupted: (batch) =>
      Effect.gen(function* () {
        const scope = batch === undefined ? sql`1 = 1` : sql`batch = ${batch}`
        const found = yield* rows(sql`SELECT * FROM tasks WHERE state = 'submitting' AND ${scope}`)
        yield* sql`UPDATE tasks SET ${sql.update({
          state: "in-doubt",
          error_tag: "SubmitInDoubt",
          error: "the submit was on its way when the runner stopped; it may have been accepted and billed",
          updated_at: Date.now(),
        })} WHERE state = 'submitting' AND ${scope}`.pipe(Effect.mapError(fail))
        return found.length
      }),
    rerunSandbox: (batch) =>
      Effect.gen(function* () {
        const scope = sql`batch = ${batch} AND state != 'done' AND (base_url = ${SANDBOX_BASE_URL} OR batch LIKE 'sandbox-%')`
        const found = yield* rows(sql`SELECT * FROM tasks WHERE ${scope}`)
        yield* sql`UPDATE tasks SET ${sql.update({
          state: "pending",
          base_url: SANDBOX_BASE_URL,
          task_id: null,
          video_url: null,
          progress: null,
          cost_usd: null,
          error_tag: null,
          error: null,
          callback_token: null,
          submitted_at: null,
          updated_at: Date.now(),
        })} WHERE ${scope}`.pipe(Effect.mapError(fail))
        return found.length
      }),
    releaseInDoubt: (batch) =>
      Effect.gen(function* () {
        const scope = batch === undefined ? sql`1 = 1` : sql`batch = ${batch}`
        const found = yield* rows(sql`SELECT * FROM tasks WHERE state = 'in-doubt' AND ${scope}`)
        yield* sql`UPDATE tasks SET ${sql.update({ state: "pending", error_tag: null, error: null, updated_at: Date.now() })} WHERE state = 'in-doubt' AND ${scope}`.pipe(
          Effect.mapError(fail),
        )
        return found.length
      }),
  }
})

/**
 * The journal in an SQLite file (created with its folder when missing). The SQLite binding loads
 * only when a command opens the journal, so the commands that need none start without it.
 */
export const layer = (filename: string): Layer.Layer<Journal, JournalError> =>
  Layer.effect(Journal, make(filename)).pipe(
    Layer.provide(
      Layer.unwrapEffect(
        Effect.tryPromise({
          try: async () => {
            mkdirSync(dirname(filename), { recursive: true })
            const SqliteClient = await import("@effect/sql-sqlite-node/SqliteClient")
            return SqliteClient.layer({ filename })
          },
          catch: (cause) => new JournalError({ file: filename, detail: String(cause) }),
        }),
      ).pipe(Layer.mapError((e) => (e._tag === "JournalError" ? e : new JournalError({ file: filename, detail: e.message })))),
    ),
  )
