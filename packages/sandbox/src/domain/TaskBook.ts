import type { SandboxClock } from "./SandboxClock.js"
import type { Random } from "./Random.js"
import { drawTimeline, progressAt, type DurationModel } from "./TimeModel.js"
import { TASK_TTL_MS, type DialectName, type Outcome, type Task, type TaskSpec, type TaskView } from "./Task.js"

export interface NewTask {
  readonly id: string
  readonly dialect: DialectName
  readonly apiKey: string
  readonly spec: TaskSpec
  readonly request: unknown
  readonly fail: Outcome | undefined
}

/** Holds every task, derives its state from sandbox time, and settles it (once) when it finishes. */
export interface TaskBook {
  readonly create: (input: NewTask) => Task
  readonly get: (id: string) => Task | undefined
  /** A task that exists and has not expired. */
  readonly live: (id: string) => Task | undefined
  readonly view: (task: Task) => TaskView
  readonly isExpired: (task: Task) => boolean
  readonly byFileToken: (token: string) => Task | undefined
  /** Unfinished tasks of one key. */
  readonly running: (apiKey: string) => number
  /** Settle every task that is due; call after a manual clock jump. */
  readonly settleDue: () => void
  /** Resolves when the task is settled. */
  readonly whenSettled: (task: Task) => Promise<Task>
  readonly onSettled: (listener: (task: Task) => void) => void
  readonly close: () => void
}

export const makeTaskBook = (clock: SandboxClock, random: Random, durations: DurationModel): TaskBook => {
  const tasks = new Map<string, Task>()
  const files = new Map<string, Task>()
  const timers = new Map<string, NodeJS.Timeout>()
  const waiters = new Map<string, Array<(task: Task) => void>>()
  const listeners: Array<(task: Task) => void> = []
  const timelineRandom = random.fork("timeline")
  const tokenRandom = random.fork("files")
  const idRandom = random.fork("upstream")

  // Unsettled tasks per key, kept as a count: the concurrency limit asks on every submit.
  const unsettled = new Map<string, number>()

  const finishAt = (task: Task) => task.createdAt + task.timeline.totalMs

  const settle = (task: Task) => {
    if (task.settled) return
    task.settled = true
    unsettled.set(task.apiKey, (unsettled.get(task.apiKey) ?? 1) - 1)
    const timer = timers.get(task.id)
    if (timer !== undefined) clearTimeout(timer)
    timers.delete(task.id)
    for (const listener of listeners) listener(task)
    for (const resolve of waiters.get(task.id) ?? []) resolve(task)
    waiters.delete(task.id)
  }

  // Node's timers count on the event loop's cached time, which lags the wall clock the sandbox clock reads
  // (most on a busy machine), so a timer can fire before the task is due. It then waits again for the rest:
  // a settled task is always one that sandbox time has finished.
  const schedule = (task: Task) => {
    const wait = clock.toReal(finishAt(task) - clock.now())
    const timer = setTimeout(() => {
      if (task.settled) return
      if (clock.now() >= finishAt(task)) settle(task)
      else schedule(task)
    }, Math.min(wait, 2_147_000_000))
    timer.unref()
    timers.set(task.id, timer)
  }

  const view = (task: Task): TaskView => {
    const now = clock.now()
    if (!task.settled && now >= finishAt(task)) settle(task)
    const { phase, progress } = progressAt(task.timeline, now - task.createdAt)
    const startedAt = phase === "queued" ? undefined : task.createdAt + task.timeline.queueMs
    if (phase !== "done") return { task, state: phase, progress, startedAt, finishedAt: undefined }
    return {
      task,
      state: task.outcome.ok ? "succeeded" : "failed",
      progress: task.outcome.ok ? 100 : progress,
      startedAt,
      finishedAt: finishAt(task),
    }
  }

  const isExpired = (task: Task) => clock.now() - task.createdAt > TASK_TTL_MS

  return {
    create: (input) => {
      const timeline = drawTimeline(durations, timelineRandom)
      const task: Task = {
        id: input.id,
        dialect: input.dialect,
        apiKey: input.apiKey,
        spec: input.spec,
        request: input.request,
        createdAt: clock.now(),
        timeline,
        outcome: input.fail ?? { ok: true },
        fileToken: tokenRandom.alnum(32),
        upstreamId: idRandom.uuid(),
        traceId: idRandom.uuid(),
        settled: false,
      }
      tasks.set(task.id, task)
      files.set(task.fileToken, task)
      unsettled.set(task.apiKey, (unsettled.get(task.apiKey) ?? 0) + 1)
      if (timeline.totalMs === 0) settle(task)
      else schedule(task)
      return task
    },
    get: (id) => tasks.get(id),
    live: (id) => {
      const task = tasks.get(id)
      return task === undefined || isExpired(task) ? undefined : task
    },
    view,
    isExpired,
    byFileToken: (token) => files.get(token),
    running: (apiKey) => unsettled.get(apiKey) ?? 0,
    settleDue: () => {
      const now = clock.now()
      for (const task of tasks.values()) if (!task.settled && now >= finishAt(task)) settle(task)
    },
    whenSettled: (task) =>
      task.settled
        ? Promise.resolve(task)
        : new Promise((resolve) => {
            const list = waiters.get(task.id) ?? []
            list.push(resolve)
            waiters.set(task.id, list)
          }),
    onSettled: (listener) => {
      listeners.push(listener)
    },
    close: () => {
      for (const timer of timers.values()) clearTimeout(timer)
      timers.clear()
    },
  }
}
