import type { ModelVersion, VideoKind } from "../domain/VideoRequest.js"

/** The short kind codes of HappyHorse's model ids (`happyhorse-1.1-t2v`). */
const kindCode: Readonly<Record<VideoKind, string>> = {
  "text-to-video": "t2v",
  "image-to-video": "i2v",
  "reference-to-video": "r2v",
  "video-edit": "video-edit",
}

/**
 * The one kind-to-model map: `happyhorse-<version>-<kind>`. Every gateway uses the short kind
 * codes except EvoLink, which spells the kind out (`happyhorse-1.1-text-to-video`).
 */
export const modelId = (
  request: { readonly model: ModelVersion; readonly kind: VideoKind },
  spelling: "code" | "spelled-out" = "code",
): string => `happyhorse-${request.model}-${spelling === "code" ? kindCode[request.kind] : request.kind}`
