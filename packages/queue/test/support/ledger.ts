/** The most submits any sliding window of `windowMs` (sandbox time) holds. */
export const maxInWindow = (times: ReadonlyArray<number>, windowMs: number): number => {
  const sorted = [...times].sort((a, b) => a - b)
  let best = 0
  let start = 0
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= windowMs) start++
    best = Math.max(best, end - start + 1)
  }
  return best
}
