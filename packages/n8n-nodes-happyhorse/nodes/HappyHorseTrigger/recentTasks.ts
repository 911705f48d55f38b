/**
 * Task ids a trigger has already started a workflow for. Gateways resend a callback when an answer
 * is slow (EvoLink retries three times), and each resend must not start the workflow again.
 * Kept in memory: one n8n main process receives a workflow's webhooks.
 */
export interface RecentTasks {
  /** True the first time a key is seen; false for a duplicate. */
  readonly claim: (key: string) => boolean
}

export const makeRecentTasks = (capacity = 2_000): RecentTasks => {
  const seen = new Set<string>()
  return {
    claim: (key) => {
      if (seen.has(key)) return false
      seen.add(key)
      // A Set iterates in insertion order: drop the oldest past the cap.
      if (seen.size > capacity) {
        const oldest = seen.values().next()
        if (oldest.done !== true) seen.delete(oldest.value)
      }
      return true
    },
  }
}

/** Shared by every trigger in this n8n process. */
export const processRecentTasks: RecentTasks = makeRecentTasks()
