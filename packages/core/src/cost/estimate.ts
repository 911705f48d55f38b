import type { GatewayName } from "../domain/Gateway.js"
import type { NormalizedRequest } from "../domain/VideoRequest.js"
import { prices } from "./prices.js"

export interface CostEstimate {
  readonly gateway: GatewayName
  readonly usd: number
  readonly billedSeconds: number
  readonly perSecondUsd: number
  readonly basis: "published" | "reference"
  readonly source: string
  /** How the seconds were counted, in a sentence. */
  readonly note: string
}

/** Only the first 15 s of an edit's input are used; with the length unknown we assume the most. */
const EDIT_MAX_SECONDS = 15

export const estimateCost = (gateway: GatewayName, request: NormalizedRequest): CostEstimate => {
  const price = prices[gateway](request.model)
  const perSecondUsd = price.perSecond[request.resolution]
  let billedSeconds: number
  let note: string
  if (request.kind === "video-edit") {
    // Edits bill input plus output seconds; the output follows the input, capped at 15 s.
    const input = Math.min(request.videoDuration ?? EDIT_MAX_SECONDS, EDIT_MAX_SECONDS)
    billedSeconds = input * 2
    note =
      request.videoDuration === undefined
        ? `edit: input + output seconds, input length unknown so ${EDIT_MAX_SECONDS} s + ${EDIT_MAX_SECONDS} s assumed (an upper bound)`
        : `edit: ${input} s input + ${input} s output`
  } else {
    billedSeconds = request.duration ?? 5
    note = `${billedSeconds} s of ${request.resolution} output`
  }
  return {
    gateway,
    usd: Math.round(billedSeconds * perSecondUsd * 10_000) / 10_000,
    billedSeconds,
    perSecondUsd,
    basis: price.basis,
    source: price.source,
    note,
  }
}
