import * as Schema from "effect/Schema"

/**
 * Where a journaled task stands.
 * pending: intent recorded, nothing sent. submitting: the paid call is on its way (found after a
 * crash, it becomes in-doubt). in-doubt: may have been accepted and billed; never resent unless asked.
 */
export const TaskState = Schema.Literal(
  "pending",
  "submitting",
  "in-doubt",
  "submitted",
  "running",
  "succeeded",
  "done",
  "failed",
  "skipped",
)
export type TaskState = typeof TaskState.Type

/** States a runner continues from on its own. */
export const resumableStates: ReadonlyArray<TaskState> = ["pending", "submitted", "running", "succeeded"]
/** States that never change again without the user. */
export const finalStates: ReadonlyArray<TaskState> = ["done", "failed", "skipped", "in-doubt"]

const Nullable = <S extends Schema.Schema.Any>(schema: S) => Schema.NullOr(schema)

/** One row of the journal, as stored. */
export const TaskRow = Schema.Struct({
  key: Schema.String,
  batch: Nullable(Schema.String),
  gateway: Schema.String,
  base_url: Schema.String,
  request: Schema.String,
  prompt: Nullable(Schema.String),
  state: TaskState,
  task_id: Nullable(Schema.String),
  video_url: Nullable(Schema.String),
  file: Nullable(Schema.String),
  bytes: Nullable(Schema.Number),
  cost_usd: Nullable(Schema.Number),
  progress: Nullable(Schema.Number),
  error_tag: Nullable(Schema.String),
  error: Nullable(Schema.String),
  callback_token: Nullable(Schema.String),
  created_at: Schema.Number,
  submitted_at: Nullable(Schema.Number),
  finished_at: Nullable(Schema.Number),
  updated_at: Schema.Number,
})
export type TaskRow = typeof TaskRow.Type

/** Fields a runner may change on a row. */
export interface TaskPatch {
  readonly state?: TaskState
  readonly task_id?: string
  readonly video_url?: string
  readonly file?: string
  readonly bytes?: number
  readonly cost_usd?: number
  readonly progress?: number | null
  readonly error_tag?: string | null
  readonly error?: string | null
  readonly callback_token?: string
  readonly submitted_at?: number
  readonly finished_at?: number
}

export interface NewTask {
  readonly key: string
  readonly batch: string | null
  readonly gateway: string
  readonly baseUrl: string
  /** The request as JSON; never holds a key. */
  readonly request: string
  readonly prompt: string | null
}

/**
 * The base URL journaled for a task on the built-in sandbox: that sandbox lived in its process and
 * died with it, so its tasks can never be continued, only run again on a fresh sandbox.
 */
export const SANDBOX_BASE_URL = "sandbox:embedded"

/** A task of the built-in sandbox (older journals named such batches `sandbox-...`). */
export const isSandboxRow = (row: Pick<TaskRow, "base_url" | "batch">): boolean =>
  row.base_url === SANDBOX_BASE_URL || (row.batch?.startsWith("sandbox-") ?? false)
