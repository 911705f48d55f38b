import type { Limits } from "../Options.js"

export type LimitVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: "rate" | "concurrency"; readonly retryAfterSeconds: number }

/** Per-key submit rate (sliding one-second window, sandbox time) and concurrency limits. */
export interface RateLimiter {
  /** Checks and, when allowed, counts one submit. */
  readonly admit: (apiKey: string, now: number, running: number) => LimitVerdict
}

export const makeRateLimiter = (limits: Limits): RateLimiter => {
  const windows = new Map<string, Array<number>>()
  return {
    admit: (apiKey, now, running) => {
      if (limits.concurrentTasks !== undefined && running >= limits.concurrentTasks) {
        // A task slot frees when some task finishes; 10 s is a polite guess like the gateways give.
        return { ok: false, reason: "concurrency", retryAfterSeconds: 10 }
      }
      if (limits.submitsPerSecond !== undefined) {
        const recent = (windows.get(apiKey) ?? []).filter((t) => now - t < 1000)
        if (recent.length >= limits.submitsPerSecond) {
          const oldest = recent[0] ?? now
          windows.set(apiKey, recent)
          return { ok: false, reason: "rate", retryAfterSeconds: Math.max(1, Math.ceil((oldest + 1000 - now) / 1000)) }
        }
        recent.push(now)
        windows.set(apiKey, recent)
      }
      return { ok: true }
    },
  }
}
