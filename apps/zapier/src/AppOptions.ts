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
}

export const DEFAULT_READ_DEADLINE_MS = 25_000
