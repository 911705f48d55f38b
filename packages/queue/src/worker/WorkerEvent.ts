import type { JobResult } from "../domain/JobData.js"

/** What a worker reports as it goes, in this process. Other machines see the same through BullMQ's job progress. */
export type WorkerEvent =
  | { readonly _tag: "Submitted"; readonly jobId: string; readonly taskId: string }
  | {
      readonly _tag: "Progress"
      readonly jobId: string
      readonly taskId: string
      /** "unknown": a status word the client does not know; the task is watched on. */
      readonly state: "queued" | "running" | "unknown"
      readonly progress: number | undefined
    }
  | { readonly _tag: "Completed"; readonly jobId: string; readonly result: JobResult }
  | { readonly _tag: "Failed"; readonly jobId: string; readonly error: string; readonly message: string }
  | { readonly _tag: "InDoubt"; readonly jobId: string; readonly reason: string }
  | { readonly _tag: "RateLimited"; readonly ms: number }
