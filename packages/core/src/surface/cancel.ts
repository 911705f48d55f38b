import type { Capabilities } from "../index.js"

/** Whether a gateway can cancel a task, and what a host should tell its user when it cannot. */
export interface CancelSupport {
  readonly supported: boolean
  readonly note: string
}

/**
 * The one place that says what cancelling does. No dialect documents a cancel call today
 * (`capabilities.cancel` is false for all five), so a stopped wait leaves the task running on the
 * gateway: it may still finish and be charged. Hosts read this instead of sending a cancel of their own.
 */
export const cancelSupport = (capabilities: Capabilities): CancelSupport =>
  capabilities.cancel
    ? { supported: true, note: `${capabilities.gateway} cancels the task on the gateway.` }
    : {
        supported: false,
        note: `${capabilities.gateway} documents no cancel call: the task keeps running on the gateway and may still finish (and be charged). Read it later by its id.`,
      }
