import type { Client, TaskEvent, VideoRequest } from "@happyhorse/core/node"
import type { ClientTarget } from "../client/ClientProvider.js"
import type { RequestLog } from "../log/RequestLog.js"
import { isResumable, type TaskRecord } from "./TaskRecord.js"
import type { TaskStore } from "./TaskStore.js"

export interface RunnerDeps {
  readonly store: TaskStore
  readonly log: RequestLog
  readonly clientFor: (target: ClientTarget) => Promise<Client>
  /** The folder a finished video is saved in. */
  readonly outDir: () => string
  readonly newId: () => string
  readonly now: () => number
}

/** How a run ended: the final record, and the error when it did not succeed. */
export interface RunOutcome {
  readonly record: TaskRecord
  readonly error: unknown
}

const isAbort = (error: unknown): boolean => error instanceof Error && error.name === "AbortError"
const tagOf = (error: unknown): string | undefined => {
  const tag: unknown = typeof error === "object" && error !== null ? Reflect.get(error, "_tag") : undefined
  return typeof tag === "string" ? tag : undefined
}
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/**
 * Runs tasks through the core: submit (once, never resent), watch, download into the output folder.
 * Every step is written to the store, so the tree, the status bar and a reloaded window all see it.
 */
export class TaskRunner {
  private readonly running = new Map<string, AbortController>()
  /** Per-task listeners for the progress notification. */
  private readonly watchers = new Map<string, Set<(record: TaskRecord) => void>>()

  constructor(private readonly deps: RunnerDeps) {}

  isRunning(id: string): boolean {
    return this.running.has(id)
  }

  onProgress(id: string, listener: (record: TaskRecord) => void): { dispose(): void } {
    const set = this.watchers.get(id) ?? new Set()
    set.add(listener)
    this.watchers.set(id, set)
    return { dispose: () => set.delete(listener) }
  }

  /** Records the task before the paid call, then runs it. Resolves when it ends, never rejects. */
  start(request: VideoRequest, target: ClientTarget, prompt: string, costUsd: number | undefined): { readonly id: string; readonly done: Promise<RunOutcome> } {
    const id = this.deps.newId()
    const now = this.deps.now()
    const record: TaskRecord = {
      id,
      provider: target.provider,
      baseUrl: target.baseUrl,
      ...(target.sandbox ? { sandbox: true } : {}),
      kind: request.kind,
      prompt,
      phase: "submitting",
      ...(costUsd === undefined ? {} : { costUsd }),
      createdAt: now,
      updatedAt: now,
    }
    const controller = new AbortController()
    this.running.set(id, controller)
    const done = this.deps.store
      .add(record)
      .then(() => this.submitAndFollow(id, request, target, controller.signal))
      .finally(() => this.running.delete(id))
    return { id, done }
  }

  /** Watch again a task a reload (or a timeout) interrupted. */
  resume(id: string, target: ClientTarget): Promise<RunOutcome> {
    const record = this.deps.store.get(id)
    if (record === undefined || record.taskId === undefined) {
      return Promise.resolve({ record: this.mustGet(id), error: new Error("this task has no gateway id to watch") })
    }
    if (this.running.has(id)) return Promise.resolve({ record, error: undefined })
    const controller = new AbortController()
    this.running.set(id, controller)
    return this.follow(id, record.taskId, target, controller.signal).finally(() => this.running.delete(id))
  }

  /** Tasks a previous window left unfinished: in-flight submits become in doubt, the rest are resumable. */
  async recoverAfterReload(): Promise<ReadonlyArray<TaskRecord>> {
    const resumable: Array<TaskRecord> = []
    for (const record of this.deps.store.all()) {
      if (this.running.has(record.id)) continue
      if (record.phase === "submitting") {
        await this.deps.store.update(
          record.id,
          { phase: "in-doubt", detail: "the window closed during submit; it may or may not have been accepted and was not resent" },
          this.deps.now(),
        )
      } else if (record.sandbox === true && (record.phase === "queued" || record.phase === "running" || record.phase === "downloading")) {
        // The embedded sandbox lived in the old window; its tasks are gone with it.
        await this.deps.store.update(record.id, { phase: "canceled", detail: "the sandbox stopped with the previous window" }, this.deps.now())
      } else if (isResumable(record)) {
        resumable.push(record)
      }
    }
    return resumable
  }

  /**
   * Stops the wait. No gateway documents a cancel call yet (`capabilities.cancel`), so the task may
   * still run and be billed there; the record says so.
   */
  async cancel(id: string, client: Client | undefined): Promise<boolean> {
    const controller = this.running.get(id)
    if (controller === undefined) return false
    const onGateway = client?.capabilities.cancel === true
    this.deps.log.info("cancel", { id, taskId: this.deps.store.get(id)?.taskId, gatewayCancel: onGateway })
    controller.abort()
    await this.deps.store.update(
      id,
      {
        phase: "canceled",
        detail: onGateway ? "canceled" : `stopped watching; ${client?.gateway ?? "the gateway"} has no cancel call, so the task may still finish and be billed`,
      },
      this.deps.now(),
    )
    return true
  }

  /** Fetch a finished video again (a deleted file, a cut download). */
  async redownload(id: string, target: ClientTarget): Promise<RunOutcome> {
    const record = this.mustGet(id)
    if (record.taskId === undefined) return { record, error: new Error("this task has no gateway id") }
    try {
      const client = await this.deps.clientFor(target)
      return await this.downloadInto(id, client, record.taskId, record.videoUrl, undefined)
    } catch (error) {
      this.deps.log.error("download failed", { id, taskId: record.taskId, error: messageOf(error) })
      return { record: this.mustGet(id), error }
    }
  }

  private mustGet(id: string): TaskRecord {
    const record = this.deps.store.get(id)
    if (record === undefined) throw new Error(`unknown task ${id}`)
    return record
  }

  private async patch(id: string, patch: Partial<Omit<TaskRecord, "id">>): Promise<void> {
    await this.deps.store.update(id, patch, this.deps.now())
    const record = this.deps.store.get(id)
    if (record !== undefined) for (const listener of this.watchers.get(id) ?? []) listener(record)
  }

  private async submitAndFollow(id: string, request: VideoRequest, target: ClientTarget, signal: AbortSignal): Promise<RunOutcome> {
    let client: Client
    try {
      client = await this.deps.clientFor(target)
      this.deps.log.info("submit", { id, gateway: client.gateway, baseUrl: client.baseUrl, request })
      // No signal: once the body is on its way, stopping would only turn the answer into a doubt.
      const receipt = await client.submit(request)
      this.deps.log.info("submitted", { id, taskId: receipt.taskId })
      if (signal.aborted) {
        await this.deps.store.update(id, { taskId: receipt.taskId }, this.deps.now())
        return { record: this.mustGet(id), error: new DOMException("canceled", "AbortError") }
      }
      await this.patch(id, { taskId: receipt.taskId, phase: "queued" })
      return await this.follow(id, receipt.taskId, target, signal, client)
    } catch (error) {
      const tag = tagOf(error)
      this.deps.log.error("submit failed", { id, error: tag ?? messageOf(error), detail: messageOf(error) })
      await this.patch(id, { phase: tag === "SubmitInDoubt" ? "in-doubt" : "failed", detail: messageOf(error) })
      return { record: this.mustGet(id), error }
    }
  }

  private async follow(id: string, taskId: string, target: ClientTarget, signal: AbortSignal, known?: Client): Promise<RunOutcome> {
    try {
      const client = known ?? (await this.deps.clientFor(target))
      this.deps.log.info("watch", { id, taskId, gateway: client.gateway })
      const onEvent = (event: TaskEvent) => {
        if (event._tag === "Progress" && !signal.aborted) {
          // A status word the core does not know is still a task in progress: it is watched on.
          const phase = event.state === "unknown" ? "running" : event.state
          void this.patch(id, { phase, ...(event.progress === undefined ? {} : { progress: event.progress }) })
        }
      }
      const final = await client.watch(taskId, { signal, onEvent })
      this.deps.log.info("watch ended", { id, taskId, status: final._tag })
      if (final._tag === "Succeeded") return await this.downloadInto(id, client, taskId, final.videoUrl, signal)
      if (final._tag === "Failed") {
        await this.patch(id, { phase: "failed", detail: final.reason })
        return {
          record: this.mustGet(id),
          error: { _tag: "TaskFailed", gateway: client.gateway, taskId, reason: final.reason, ...(final.code === undefined ? {} : { code: final.code }) },
        }
      }
      await this.patch(id, { phase: "canceled", detail: "canceled on the gateway" })
      return { record: this.mustGet(id), error: { _tag: "TaskCanceled", gateway: client.gateway, taskId } }
    } catch (error) {
      if (isAbort(error) || signal.aborted) return { record: this.mustGet(id), error: new DOMException("canceled", "AbortError") }
      const tag = tagOf(error)
      this.deps.log.error("watch failed", { id, taskId, error: tag ?? messageOf(error), detail: messageOf(error) })
      await this.patch(id, { phase: tag === "WatchTimeout" ? "timed-out" : "failed", detail: messageOf(error) })
      return { record: this.mustGet(id), error }
    }
  }

  private async downloadInto(id: string, client: Client, taskId: string, url: string | undefined, signal: AbortSignal | undefined): Promise<RunOutcome> {
    await this.patch(id, { phase: "downloading", progress: 100, ...(url === undefined ? {} : { videoUrl: url }) })
    const outDir = this.deps.outDir()
    this.deps.log.info("download", { id, taskId, outDir })
    try {
      const file = await client.download(taskId, {
        outDir,
        ...(url === undefined ? {} : { url }),
        ...(signal === undefined ? {} : { signal }),
      })
      this.deps.log.info("downloaded", { id, taskId, path: file.path, bytes: file.bytes })
      await this.patch(id, { phase: "succeeded", filePath: file.path })
      return { record: this.mustGet(id), error: undefined }
    } catch (error) {
      if (isAbort(error) || signal?.aborted === true) return { record: this.mustGet(id), error: new DOMException("canceled", "AbortError") }
      this.deps.log.error("download failed", { id, taskId, error: tagOf(error) ?? messageOf(error), detail: messageOf(error) })
      await this.patch(id, { phase: "failed", detail: messageOf(error) })
      return { record: this.mustGet(id), error }
    }
  }
}
