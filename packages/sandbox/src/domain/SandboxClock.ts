// Sandbox time runs `timeScale` times faster than real time, plus any manual jumps (for 24 h expiry tests).
export interface SandboxClock {
  readonly timeScale: number
  /** Sandbox epoch milliseconds. */
  readonly now: () => number
  /** Real epoch milliseconds. */
  readonly realNow: () => number
  /** Jump sandbox time forward. */
  readonly advance: (ms: number) => void
  /** Real milliseconds that correspond to a sandbox span. */
  readonly toReal: (sandboxMs: number) => number
}

export const makeSandboxClock = (timeScale: number, startMs: number = Date.now()): SandboxClock => {
  const realStart = Date.now()
  let offset = 0
  return {
    timeScale,
    now: () => Math.floor(startMs + (Date.now() - realStart) * timeScale + offset),
    realNow: () => Date.now(),
    advance: (ms) => {
      offset += Math.max(0, ms)
    },
    toReal: (sandboxMs) => Math.max(0, sandboxMs / timeScale),
  }
}
