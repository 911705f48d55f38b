import type { GatewayName, SubmitReceipt, TaskSnapshot } from "@happyhorse/core/node"
import type { ZObject } from "zapier-platform-core"
import type { VideoHydrator } from "./hydrators/videoFile.js"

/** One task as a zap step sees it. Keys are flat and snake_case, like Zapier's own apps. */
export interface TaskOutput {
  readonly id: string
  readonly gateway: GatewayName
  readonly status: "queued" | "running" | "succeeded" | "failed" | "canceled" | "unknown"
  /** The gateway's own word for the status. */
  readonly raw_status: string
  readonly progress: number | null
  /** A hydrated file: Zapier downloads and stores the MP4 only when a later step uses it. */
  readonly video: string | null
  readonly video_url: string | null
  readonly duration: number | null
  readonly resolution: string | null
  readonly failure_code: string | null
  readonly failure_reason: string | null
  /** True while the step is paused until the gateway calls back. */
  readonly waiting_for_callback: boolean
}

const blank = {
  progress: null,
  video: null,
  video_url: null,
  duration: null,
  resolution: null,
  failure_code: null,
  failure_reason: null,
} as const

/** The receipt of a submit with no reading yet. */
export const receiptOutput = (receipt: SubmitReceipt, waitingForCallback: boolean): TaskOutput => ({
  id: receipt.taskId,
  gateway: receipt.gateway,
  status: "queued",
  raw_status: "submitted",
  ...blank,
  waiting_for_callback: waitingForCallback,
})

/** A relative result path (TokenBay's content route) is made absolute for display. */
const absoluteUrl = (url: string, baseUrl: string): string => (url.startsWith("/") ? `${baseUrl}${url}` : url)

export const snapshotOutput = (
  z: ZObject,
  hydrator: VideoHydrator,
  snapshot: TaskSnapshot,
  baseUrl: string,
): TaskOutput => {
  const head = { id: snapshot.taskId, gateway: snapshot.gateway, raw_status: snapshot.rawStatus, waiting_for_callback: false }
  const status = snapshot.status
  switch (status._tag) {
    case "Queued":
      return { ...head, status: "queued", ...blank }
    case "Running":
      return { ...head, status: "running", ...blank, progress: status.progress ?? null }
    case "Succeeded":
      return {
        ...head,
        status: "succeeded",
        ...blank,
        progress: 100,
        video: z.dehydrateFile(hydrator, { task_id: snapshot.taskId, url: status.videoUrl }),
        video_url: absoluteUrl(status.videoUrl, baseUrl),
        duration: status.duration ?? null,
        resolution: status.resolution ?? null,
      }
    case "Failed":
      return { ...head, status: "failed", ...blank, failure_code: status.code ?? null, failure_reason: status.reason }
    case "Canceled":
      return { ...head, status: "canceled", ...blank }
    case "Unknown":
    case "Expired":
      return { ...head, status: "unknown", ...blank }
  }
}
