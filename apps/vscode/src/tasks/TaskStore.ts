import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { isActive, type TaskRecord, TaskRecord as TaskRecordSchema } from "./TaskRecord.js"

/** The part of `vscode.Memento` the store needs. */
export interface StateStore {
  get(key: string): unknown
  update(key: string, value: unknown): PromiseLike<void>
}

const STATE_KEY = "happyhorse.tasks.v1"
/** Finished tasks beyond this many are forgotten, oldest first; running ones are always kept. */
export const MAX_FINISHED = 50

const decodeRecord = Schema.decodeUnknownEither(TaskRecordSchema)

/** Tasks, newest first, kept in extension storage so they survive a window reload. */
export class TaskStore {
  private records: Array<TaskRecord>
  private readonly listeners = new Set<() => void>()
  private writing: Promise<void> = Promise.resolve()

  constructor(private readonly state: StateStore) {
    const raw = state.get(STATE_KEY)
    const items = Array.isArray(raw) ? raw : []
    // A record this version cannot read is dropped, not allowed to break activation.
    this.records = items.flatMap((item) => {
      const decoded = decodeRecord(item)
      return Either.isRight(decoded) ? [decoded.right] : []
    })
  }

  all(): ReadonlyArray<TaskRecord> {
    return this.records
  }

  get(id: string): TaskRecord | undefined {
    return this.records.find((r) => r.id === id)
  }

  active(): ReadonlyArray<TaskRecord> {
    return this.records.filter((r) => isActive(r.phase))
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener)
    return { dispose: () => this.listeners.delete(listener) }
  }

  add(record: TaskRecord): Promise<void> {
    this.records = [record, ...this.records.filter((r) => r.id !== record.id)]
    return this.commit()
  }

  /** Merge a patch into one record; unknown ids are ignored (the task may have been removed). */
  update(id: string, patch: Partial<Omit<TaskRecord, "id">>, now: number = Date.now()): Promise<void> {
    let found = false
    this.records = this.records.map((r) => {
      if (r.id !== id) return r
      found = true
      return { ...r, ...patch, updatedAt: now }
    })
    return found ? this.commit() : this.writing
  }

  remove(id: string): Promise<void> {
    this.records = this.records.filter((r) => r.id !== id)
    return this.commit()
  }

  private commit(): Promise<void> {
    let finished = 0
    this.records = this.records.filter((r) => isActive(r.phase) || ++finished <= MAX_FINISHED)
    const snapshot = Schema.encodeSync(Schema.Array(TaskRecordSchema))(this.records)
    // Writes are chained so an older snapshot never lands after a newer one.
    this.writing = this.writing.then(() => this.state.update(STATE_KEY, snapshot))
    for (const listener of this.listeners) listener()
    return this.writing
  }
}
