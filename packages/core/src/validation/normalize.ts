import type { Capabilities } from "../domain/Capabilities.js"
import { DEFAULTS, type NormalizedRequest, type VideoRequest } from "../domain/VideoRequest.js"
import { EDIT_MODEL, offeredModels } from "./capabilityRules.js"

const blankToUndefined = (text: string | undefined): string | undefined =>
  text === undefined || text.trim() === "" ? undefined : text

/**
 * Resolves every default of a request that passed validation, so each dialect sends the same
 * explicit values whatever the gateway's own defaults are.
 */
export const normalizeRequest = (request: VideoRequest, capabilities: Capabilities): NormalizedRequest => {
  // The newest offered version is the default; edit is 1.0 only.
  const newest = offeredModels(capabilities, request.kind).at(-1)
  const model = request.model ?? newest ?? (request.kind === "video-edit" ? EDIT_MODEL : "1.1")
  const defaultRatio = capabilities.ratios.includes(DEFAULTS.ratio)
    ? DEFAULTS.ratio
    : (capabilities.ratios[0] ?? DEFAULTS.ratio)
  const shared = {
    model,
    resolution: request.resolution ?? DEFAULTS.resolution,
    seed: request.seed,
    watermark: request.watermark ?? DEFAULTS.watermark,
    callbackUrl: request.callbackUrl,
  }
  switch (request.kind) {
    case "text-to-video":
      return {
        ...shared,
        kind: request.kind,
        prompt: request.prompt,
        image: undefined,
        images: [],
        video: undefined,
        referenceType: undefined,
        audio: undefined,
        ratio: request.ratio ?? defaultRatio,
        duration: request.duration ?? DEFAULTS.duration,
        videoDuration: undefined,
      }
    case "image-to-video":
      return {
        ...shared,
        kind: request.kind,
        prompt: blankToUndefined(request.prompt),
        image: request.image,
        images: [],
        video: undefined,
        referenceType: undefined,
        audio: undefined,
        ratio: undefined,
        duration: request.duration ?? DEFAULTS.duration,
        videoDuration: undefined,
      }
    case "reference-to-video":
      return {
        ...shared,
        kind: request.kind,
        prompt: request.prompt,
        image: undefined,
        images: request.images,
        video: undefined,
        referenceType: request.referenceType,
        audio: undefined,
        ratio: request.ratio ?? defaultRatio,
        duration: request.duration ?? DEFAULTS.duration,
        videoDuration: undefined,
      }
    case "video-edit":
      return {
        ...shared,
        kind: request.kind,
        prompt: request.prompt,
        image: undefined,
        images: request.images ?? [],
        video: request.video,
        referenceType: undefined,
        audio: request.audio,
        ratio: undefined,
        duration: undefined,
        videoDuration: request.videoDuration,
      }
  }
}
