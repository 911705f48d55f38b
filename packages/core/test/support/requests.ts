import type { NormalizedRequest } from "../../src/domain/VideoRequest.js"

/** A request as validation would hand it over, every default resolved. */
export const normalized = (overrides: Partial<NormalizedRequest> & Pick<NormalizedRequest, "kind">): NormalizedRequest => ({
  model: "1.1",
  prompt: undefined,
  image: undefined,
  images: [],
  video: undefined,
  referenceType: undefined,
  audio: undefined,
  resolution: "720P",
  ratio: undefined,
  duration: undefined,
  seed: undefined,
  watermark: false,
  callbackUrl: undefined,
  videoDuration: undefined,
  ...overrides,
})
