import type { Random } from "./Random.js"

/** How long a generation takes, in sandbox milliseconds. */
export interface DurationModel {
  /** Every task takes exactly this long (overrides the distribution). */
  readonly fixedMs?: number
  /** Median of the lognormal distribution. Default 120 000 ms. */
  readonly medianMs?: number
  /** Log-space standard deviation. Default 0.5 (5th-95th percentile about 53-270 s). */
  readonly sigma?: number
  /** Lower and upper clamps. Defaults 20 s and 15 min. */
  readonly minMs?: number
  readonly maxMs?: number
}

export interface Timeline {
  /** Sandbox ms after creation when the task leaves the queue. */
  readonly queueMs: number
  /** Sandbox ms after creation when the task is finished. */
  readonly totalMs: number
}

export const drawTimeline = (model: DurationModel, random: Random): Timeline => {
  const total =
    model.fixedMs !== undefined
      ? Math.max(0, model.fixedMs)
      : Math.min(
          model.maxMs ?? 900_000,
          Math.max(model.minMs ?? 20_000, (model.medianMs ?? 120_000) * Math.exp((model.sigma ?? 0.5) * random.normal())),
        )
  // Real tasks sit in a queue first: 5-20 % of the total time.
  const queueFraction = 0.05 + random.next() * 0.15
  return { queueMs: Math.round(total * queueFraction), totalMs: Math.round(total) }
}

export type Phase = "queued" | "running" | "done"

/** Phase and progress (0-100) at `elapsedMs` after creation. Progress is an S-curve, capped at 99 until done. */
export const progressAt = (timeline: Timeline, elapsedMs: number): { readonly phase: Phase; readonly progress: number } => {
  if (elapsedMs >= timeline.totalMs) return { phase: "done", progress: 100 }
  if (elapsedMs < timeline.queueMs) return { phase: "queued", progress: 0 }
  const span = Math.max(1, timeline.totalMs - timeline.queueMs)
  const x = (elapsedMs - timeline.queueMs) / span
  const logistic = (v: number) => 1 / (1 + Math.exp(-10 * (v - 0.5)))
  const lo = logistic(0)
  const hi = logistic(1)
  const s = (logistic(x) - lo) / (hi - lo)
  return { phase: "running", progress: Math.min(99, Math.max(1, Math.floor(s * 100))) }
}
