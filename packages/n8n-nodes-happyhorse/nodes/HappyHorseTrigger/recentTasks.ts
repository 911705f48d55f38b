import type { IDataObject } from "n8n-workflow"

/**
 * Task ids a trigger has already started a workflow for. Gateways resend a callback when an answer
 * is slow (EvoLink retries three times), and each resend must not start the workflow again.
 */
export interface HandledTasks {
  /** True the first time a key is seen; false for a duplicate. */
  readonly claim: (key: string) => boolean
}

/** In memory, for callbacks that arrive at the same moment (before n8n has saved the static data). */
export const makeRecentTasks = (capacity = 2_000): HandledTasks => {
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
export const processRecentTasks: HandledTasks = makeRecentTasks()

/** How many handled tasks a workflow's static data keeps: far more than any resend window holds. */
const KEPT = 500
const FIELD = "handledTasks"

/**
 * Claims a task for a workflow: refused when the workflow's static data (kept by n8n across
 * restarts) or this process already saw it; otherwise recorded in both.
 */
export const remember = (staticData: IDataObject, memory: HandledTasks, workflowId: string, key: string): boolean => {
  const stored = staticData[FIELD]
  const handled = Array.isArray(stored) ? stored.filter((entry): entry is string => typeof entry === "string") : []
  if (handled.includes(key) || !memory.claim(`${workflowId}:${key}`)) return false
  staticData[FIELD] = [...handled, key].slice(-KEPT)
  return true
}
