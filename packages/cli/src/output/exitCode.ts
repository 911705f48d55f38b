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
