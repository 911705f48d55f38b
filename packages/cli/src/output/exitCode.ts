/** What the exit code tells a script. */
export const ExitCode = {
  ok: 0,
  internal: 1,
  /** Bad flags, bad request, no key, over budget: fix the input. */
  user: 2,
  /** The gateway refused or failed the work. */
  gateway: 3,
  /** A wait passed its deadline; the task may still finish (`happyhorse wait <id>`). */
  timeout: 4,
  /** A submit may have been accepted without an answer; see `happyhorse tasks --state in-doubt`. */
  inDoubt: 5,
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

const byTag: Readonly<Record<string, ExitCode>> = {
  UsageError: ExitCode.user,
  ValidationError: ExitCode.user,
  ValidationErrors: ExitCode.user,
  BudgetExceeded: ExitCode.user,
  BatchFileError: ExitCode.user,
  AuthError: ExitCode.gateway,
  InsufficientBalance: ExitCode.gateway,
  ContentRejected: ExitCode.gateway,
  RateLimited: ExitCode.gateway,
  GatewayError: ExitCode.gateway,
  TransportError: ExitCode.gateway,
  MalformedReply: ExitCode.gateway,
  TaskFailed: ExitCode.gateway,
  TaskCanceled: ExitCode.gateway,
  ResultExpired: ExitCode.gateway,
  DownloadFailed: ExitCode.gateway,
  WatchTimeout: ExitCode.timeout,
  SubmitInDoubt: ExitCode.inDoubt,
}

export const exitCodeOf = (tag: string): ExitCode => byTag[tag] ?? ExitCode.internal

/** One task as a batch's exit code sees it. */
export interface TaskOutcome {
  readonly state: string
  readonly errorTag: string | null
}

const UNFINISHED = new Set(["pending", "submitting", "submitted", "running", "succeeded"])

/** A task's own code: done is 0; a task still to be continued counts as its last error, else as a deadline. */
export const taskExitCode = (task: TaskOutcome): ExitCode => {
  switch (task.state) {
    case "done":
      return ExitCode.ok
    case "in-doubt":
      return ExitCode.inDoubt
    case "skipped":
      return ExitCode.user
    case "failed":
      return exitCodeOf(task.errorTag ?? "GatewayError")
    default:
      return task.errorTag === null ? ExitCode.timeout : exitCodeOf(task.errorTag)
  }
}

/**
 * A batch ends with its worst task's code (the highest), and says which tasks made it so: the
 * summary line names them by state and error, so a script and a person can tell what to do.
 */
export const batchExit = (tasks: ReadonlyArray<TaskOutcome>): { readonly code: ExitCode; readonly reason: string | undefined } => {
  let code: ExitCode = ExitCode.ok
  for (const task of tasks) code = Math.max(code, taskExitCode(task)) as ExitCode
  if (code === ExitCode.ok) return { code, reason: undefined }
  const groups = new Map<string, number>()
  for (const task of tasks) {
    if (taskExitCode(task) !== code) continue
    const label = UNFINISHED.has(task.state)
      ? `unfinished${task.errorTag === null ? "" : ` after ${task.errorTag}`}`
      : `${task.state}${task.errorTag === null ? "" : ` (${task.errorTag})`}`
    groups.set(label, (groups.get(label) ?? 0) + 1)
  }
  const which = [...groups.entries()].map(([label, n]) => `${n} ${label}`).join(", ")
  const unfinished = tasks.some((t) => UNFINISHED.has(t.state))
  return { code, reason: `exit ${code}: ${which}${unfinished ? "; `happyhorse resume` continues the unfinished tasks" : ""}` }
}
