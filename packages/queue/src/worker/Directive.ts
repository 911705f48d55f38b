/**
 * What a step asks of BullMQ once its Effect has run. Steps never throw: the processor turns a
 * directive into BullMQ's own signals (DelayedError, UnrecoverableError, RateLimitError).
 */
export type Directive<A> =
  | { readonly _tag: "Done"; readonly value: A }
  /** Run this job again at `at` (epoch ms) on any worker; no slot is held meanwhile. */
  | { readonly _tag: "DelayUntil"; readonly at: number }
  /** The job waits for its submit step; BullMQ wakes it when that completes. */
  | { readonly _tag: "WaitForChildren" }
  /** Final: BullMQ must not retry. The text starts with the error's tag. */
  | { readonly _tag: "Fail"; readonly message: string }
  /** Nothing paid happened: BullMQ may retry with backoff. */
  | { readonly _tag: "Retry"; readonly message: string }
  /** The gateway said slow down: every worker of the submit queue pauses for `ms`. */
  | { readonly _tag: "RateLimited"; readonly ms: number }

export const done = <A>(value: A): Directive<A> => ({ _tag: "Done", value })
export const delayUntil = (at: number): Directive<never> => ({ _tag: "DelayUntil", at })
export const fail = (message: string): Directive<never> => ({ _tag: "Fail", message })
export const retry = (message: string): Directive<never> => ({ _tag: "Retry", message })
