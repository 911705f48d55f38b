/** Knobs of one app instance. Production uses none; tests shorten waits and aim at a local sandbox. */
export interface AppOptions {
  /** Test setting passed to the core: divide every wait by this factor (a time-compressed sandbox). */
  readonly timeScale?: number
  /** Test setting passed to the core: accept http and loopback callback URLs. */
  readonly allowPrivateCallbackUrls?: boolean
  /** Where a video is held between download and stash (default: the OS temp folder). */
  readonly downloadDir?: string
  /**
   * Deadline of a status read, in ms. Zapier stops every call after 30 s, so a read that the
   * core keeps retrying is cut off before that and reported as a retryable error.
   */
  readonly readDeadlineMs?: number
  /** How long a submit may take before it is stopped (default 20 s). */
  readonly submitDeadlineMs?: number
}

export const DEFAULT_READ_DEADLINE_MS = 25_000

/**
 * A submit gets 20 s of Zapier's 30: the core's 429 resends stop with it, and what is still
 * unanswered then is reported as in doubt (halted, never replayed) instead of cut off by Zapier.
 */
export const DEFAULT_SUBMIT_DEADLINE_MS = 20_000
