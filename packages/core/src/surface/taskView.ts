import type { GatewayName, SubmitReceipt, TaskSnapshot } from "../index.js"

/** One task as a flat, JSON-friendly record for n8n items, Zapier outputs and tool results. */
export interface TaskView {
  readonly taskId: string
  readonly gateway: GatewayName
  readonly status: "submitted" | "queued" | "running" | "succeeded" | "failed" | "canceled" | "unknown" | "expired"
  /** The gateway's own word for the status. */
  readonly rawStatus: string
  /** 0 to 100, when known. */
  readonly progress: number | null
  /** Absolute: a gateway's relative content path is joined to the base URL. */
  readonly videoUrl: string | null
  readonly duration: number | null
  readonly resolution: string | null
  readonly failureCode: string | null
  readonly failureReason: string | null
  /** Finished for good: succeeded, failed, canceled, or expired (the gateway no longer knows it). */
  readonly finished: boolean
}

const blank = {
  progress: null,
  videoUrl: null,
  duration: null,
  resolution: null,
  failureCode: null,
  failureReason: null,
} as const

/** A relative result path (TokenBay's content route) is made absolute. */
const absolute = (url: string, baseUrl: string | undefined): string =>
  url.startsWith("/") && baseUrl !== undefined ? `${baseUrl.replace(/\/+$/, "")}${url}` : url

/** A submit's receipt, before any reading. */
export const receiptView = (receipt: SubmitReceipt): TaskView => ({
  taskId: receipt.taskId,
  gateway: receipt.gateway,
  status: "submitted",
  rawStatus: "submitted",
  ...blank,
  finished: false,
})

/** A reading of a task. */
export const taskView = (snapshot: TaskSnapshot, options: { readonly baseUrl?: string } = {}): TaskView => {
  const head = { taskId: snapshot.taskId, gateway: snapshot.gateway, rawStatus: snapshot.rawStatus }
  const status = snapshot.status
  switch (status._tag) {
    case "Queued":
      return { ...head, status: "queued", ...blank, finished: false }
    case "Running":
      return { ...head, status: "running", ...blank, progress: status.progress ?? null, finished: false }
    case "Succeeded":
      return {
        ...head,
        status: "succeeded",
        ...blank,
        progress: 100,
        videoUrl: absolute(status.videoUrl, options.baseUrl),
        duration: status.duration ?? null,
        resolution: status.resolution ?? null,
        finished: true,
      }
    case "Failed":
      return {
        ...head,
        status: "failed",
        ...blank,
        failureCode: status.code ?? null,
        failureReason: status.reason,
        finished: true,
      }
    case "Canceled":
      return { ...head, status: "canceled", ...blank, finished: true }
    case "Unknown":
      // A status word this client does not know: not final, the task is watched on.
      return { ...head, status: "unknown", ...blank, finished: false }
    case "Expired":
      return { ...head, status: "expired", ...blank, finished: true }
  }
}
