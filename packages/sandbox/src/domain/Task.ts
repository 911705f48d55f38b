import type { Timeline } from "./TimeModel.js"

export type DialectName = "ttapi" | "tokenbay" | "evolink" | "acedata" | "dashscope"
export type TaskKind = "t2v" | "i2v" | "r2v" | "edit"
export type Resolution = "720P" | "1080P"

/** What a submit asked for, after a dialect decoded and defaulted it. */
export interface TaskSpec {
  readonly kind: TaskKind
  readonly model: string
  readonly prompt: string
  readonly resolution: Resolution
  readonly ratio: string
  /** Output length in seconds. */
  readonly outputSeconds: number
  /** Edit input length in seconds (0 for generation). */
  readonly inputSeconds: number
  readonly watermark: boolean
  readonly seed: number | undefined
  readonly callbackUrl: string | undefined
}

export type Outcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: string; readonly message: string }

export interface Task {
  readonly id: string
  readonly dialect: DialectName
  readonly apiKey: string
  readonly spec: TaskSpec
  /** The submitted body as received, echoed by query replies that carry it. */
  readonly request: unknown
  readonly createdAt: number
  readonly timeline: Timeline
  readonly outcome: Outcome
  /** Token of the result file under /files/. */
  readonly fileToken: string
  /** Per-dialect extra ids (e.g. AceData's upstream id and trace id). */
  readonly upstreamId: string
  readonly traceId: string
  settled: boolean
}

/** A task as seen at one instant of sandbox time. */
export type TaskState = "queued" | "running" | "succeeded" | "failed"

export interface TaskView {
  readonly task: Task
  readonly state: TaskState
  readonly progress: number
  readonly startedAt: number | undefined
  readonly finishedAt: number | undefined
}

export const TASK_TTL_MS = 24 * 60 * 60 * 1000
