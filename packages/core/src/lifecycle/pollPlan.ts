/**
 * When to ask next. Polling costs requests; waiting costs detection delay. The plan asks rarely
 * while the task is surely not done, and often once the end is near:
 * - before any progress is known, it follows a prior over generation time (HappyHorse takes
 *   1-5 minutes, typically 100-150 s): the first poll waits until tasks can plausibly be done,
 *   then polls close in on the typical end and spread out past it;
 * - once progress is known, it estimates the remaining time from the latest rate of progress and
 *   aims short of the estimated end, because a late poll costs delay and an early one only a request.
 * Tuned by simulation over the sandbox's time model (lognormal, queue phase, S-curve progress):
 * see bench/polling.mjs for the measured figures.
 */
export interface PollPrior {
  /** Almost no task finishes sooner: the first poll waits this long. */
  readonly earliestMs: number
  /** The typical generation time. */
  readonly medianMs: number
}

export const DEFAULT_PRIOR: PollPrior = { earliestMs: 45_000, medianMs: 120_000 }

export interface Observation {
  readonly elapsedMs: number
  readonly progress: number | undefined
}

export interface PollState {
  /** The latest reading that carried progress, to measure the current rate against. */
  readonly last: Observation | undefined
}

export const initialPollState: PollState = { last: undefined }

export interface PollPlanOptions {
  readonly floorMs: number
  readonly ceilingMs: number
  readonly prior: PollPrior
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value))

/** Aim this fraction of the estimated remaining time ahead, so estimation error lands early, not late. */
const AIM = 0.7
const FIRST_AIM = 0.4
/** While progress is moving, never wait longer than this: estimates from an S-curve drift. */
const RUNNING_CEILING_MS = 45_000
const NEAR_END = 99
/** With one reading only, assume 15 % of the elapsed time was spent queued. */
const QUEUED_SHARE = 0.15

export const nextPollDelay = (
  state: PollState,
  observation: Observation,
  options: PollPlanOptions,
): { readonly delayMs: number; readonly state: PollState } => {
  const { elapsedMs, progress } = observation
  const known = progress !== undefined && progress > 0
  const next: PollState = { last: known ? observation : state.last }
  const { floorMs } = options

  if (known) {
    // Progress often sits at 99 while the file is written: the end is next.
    if (progress >= NEAR_END) return { delayMs: floorMs, state: next }
    const previous = state.last
    // The local rate, from the last reading that moved; else from the (assumed) start of running,
    // which misjudges curved progress most, so that first estimate is aimed at more cautiously.
    const local = previous !== undefined && (previous.progress ?? 0) < progress && previous.elapsedMs < elapsedMs
    const base = local
      ? { elapsedMs: previous.elapsedMs, progress: previous.progress ?? 0 }
      : { elapsedMs: elapsedMs * QUEUED_SHARE, progress: 0 }
    const rate = (progress - base.progress) / Math.max(1, elapsedMs - base.elapsedMs)
    const remainingMs = (100 - progress) / rate
    const aim = local ? AIM : FIRST_AIM
    return { delayMs: clamp(remainingMs * aim, floorMs, Math.min(RUNNING_CEILING_MS, options.ceilingMs)), state: next }
  }
  if (elapsedMs < options.prior.earliestMs) {
    return { delayMs: clamp(options.prior.earliestMs - elapsedMs, floorMs, options.ceilingMs), state: next }
  }
  // No progress reported: close in on the typical end, then spread out as the task outlives it.
  const remainingToMedian = options.prior.medianMs - elapsedMs
  const delay = remainingToMedian > 0 ? remainingToMedian * 0.5 : elapsedMs * 0.08
  return { delayMs: clamp(delay, floorMs, options.ceilingMs), state: next }
}
