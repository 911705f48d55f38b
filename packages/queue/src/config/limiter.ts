/** A BullMQ limiter: at most `max` jobs start in each window of `duration` ms, across all workers. */
export interface Limiter {
  readonly max: number
  readonly duration: number
}

export interface GatewayRate {
  /** The gateway's submit limit, per second of its own time (a sliding window). */
  readonly perSecond: number
  /** Test setting: sandbox seconds per real second. Default 1. */
  readonly timeScale?: number | undefined
  /**
   * Real ms by which the time a job starts and the time its submit reaches the gateway may differ
   * from one job to the next (event loop, Redis write, network). Default 20 ms.
   */
  readonly jitterMs?: number | undefined
}

/**
 * The fastest BullMQ limiter that never passes the gateway's sliding-window rate.
 *
 * BullMQ opens a window of `duration` ms at the first job after the last one closed, so window
 * starts are at least `duration` apart. Any `span` ms of real time (the gateway's second plus the
 * jitter) then holds at most floor(span/duration)+1 one-job windows, or ceil(span/duration)+1 windows
 * of `max` jobs (which may bunch at a window's end). Among the limiters whose worst case fits the
 * limit, this picks the one with the highest rate.
 */
export const limiterFor = (rate: GatewayRate): Limiter => {
  const timeScale = rate.timeScale ?? 1
  const limit = Math.max(1, Math.floor(rate.perSecond))
  const span = 1000 / timeScale + (rate.jitterMs ?? 20)
  let best: Limiter = { max: 1, duration: Math.floor(span / limit) + 1 }
  for (let max = 2; max <= Math.floor(limit / 2); max++) {
    const windows = Math.floor(limit / max) - 1
    if (windows < 1) break
    const duration = Math.ceil(span / windows)
    const candidate = { max, duration }
    if (limiterThroughput(candidate) > limiterThroughput(best)) best = candidate
  }
  return best
}

/** Jobs per real second a limiter lets through at most. */
export const limiterThroughput = (limiter: Limiter): number => (limiter.max * 1000) / limiter.duration
