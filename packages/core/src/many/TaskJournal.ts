import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"

/**
 * Where one journaled task stands. The order is the rule: `intent` is written before anything is
 * paid, `submitting` just before the paid call leaves, and the task id (`submitted`) the moment it
 * is known. A record found at `submitting` after a crash is in doubt: it may have been accepted and
 * billed, so it is never sent again automatically.
 */
export type JournalPhase = "intent" | "submitting" | "submitted" | "in-doubt" | "succeeded" | "done" | "failed"

export interface JournalRecord {
  readonly key: string
  readonly phase: JournalPhase
  readonly taskId?: string | undefined
  /** When the gateway accepted the task (epoch ms). */
  readonly submittedAt?: number | undefined
  /** The task asked for a callback: its watch waits for one. */
  readonly viaCallback?: boolean | undefined
  readonly videoUrl?: string | undefined
  readonly path?: string | undefined
  readonly bytes?: number | undefined
  /** Why it failed or is in doubt: the error's tag and message. */
  readonly errorTag?: string | undefined
  readonly error?: string | undefined
}

/** The journal could not be read or written. */
export class JournalFailed extends Schema.TaggedError<JournalFailed>()("JournalFailed", {
  key: Schema.String,
  detail: Schema.String,
}) {
  override get message(): string {
    return `the journal could not record task ${this.key}: ${this.detail}`
  }
}

/**
 * A durable record of many tasks, written in the order above. The CLI keeps it in SQLite, the
 * queue in Redis; a host with none uses `makeMemoryJournal`.
 */
export interface TaskJournal {
  /** Records the intent; a record already there for the key is kept and returned as it is. */
  readonly intend: (key: string, request: unknown) => Effect.Effect<JournalRecord, JournalFailed>
  /** Just before the paid call leaves. */
  readonly submitting: (key: string) => Effect.Effect<void, JournalFailed>
  /** The gateway took nothing (a 429, a refusal, never sent): back to intent. */
  readonly unsent: (key: string) => Effect.Effect<void, JournalFailed>
  /** The task id, the moment it is known; the estimate is spent from here on. */
  readonly submitted: (key: string, taskId: string, at: number, costUsd: number) => Effect.Effect<void, JournalFailed>
  readonly inDoubt: (key: string, error: { readonly _tag: string; readonly message: string }) => Effect.Effect<void, JournalFailed>
  /** Progress of a running task (optional to keep). */
  readonly progress: (key: string, progress: number | undefined) => Effect.Effect<void, JournalFailed>
  readonly succeeded: (key: string, videoUrl: string) => Effect.Effect<void, JournalFailed>
  readonly done: (key: string, file: { readonly path: string; readonly bytes: number } | undefined, costUsd: number) => Effect.Effect<void, JournalFailed>
  readonly failed: (key: string, error: { readonly _tag: string; readonly message: string }) => Effect.Effect<void, JournalFailed>
  /** A trouble a rerun may get past (a watch out of time, a cut download): the record stays where it is. */
  readonly noted: (key: string, error: { readonly _tag: string; readonly message: string }) => Effect.Effect<void, JournalFailed>
}

/** A journal in memory, for hosts that keep none; `records` shows what it holds. */
export const makeMemoryJournal = (): TaskJournal & { readonly records: () => ReadonlyArray<JournalRecord> } => {
  const records = new Map<string, JournalRecord>()
  const patch = (key: string, change: Partial<JournalRecord>) =>
    Effect.suspend(() => {
      const found = records.get(key)
      if (found === undefined) return Effect.fail(new JournalFailed({ key, detail: "no intent was recorded" }))
      records.set(key, { ...found, ...change })
      return Effect.void
    })
  return {
    records: () => [...records.values()],
    intend: (key) =>
      Effect.sync(() => {
        const found = Option.fromNullable(records.get(key))
        if (Option.isSome(found)) return found.value
        const record: JournalRecord = { key, phase: "intent" }
        records.set(key, record)
        return record
      }),
    submitting: (key) => patch(key, { phase: "submitting" }),
    unsent: (key) => patch(key, { phase: "intent" }),
    submitted: (key, taskId, at) => patch(key, { phase: "submitted", taskId, submittedAt: at }),
    inDoubt: (key, error) => patch(key, { phase: "in-doubt", errorTag: error._tag, error: error.message }),
    progress: () => Effect.void,
    succeeded: (key, videoUrl) => patch(key, { phase: "succeeded", videoUrl }),
    done: (key, file) => patch(key, { phase: "done", path: file?.path, bytes: file?.bytes }),
    failed: (key, error) => patch(key, { phase: "failed", errorTag: error._tag, error: error.message }),
    noted: (key, error) => patch(key, { errorTag: error._tag, error: error.message }),
  }
}
