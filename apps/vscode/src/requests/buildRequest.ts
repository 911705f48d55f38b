import type { VideoRequest } from "@happyhorse/core"
import type { ExtensionSettings } from "../settings/ExtensionSettings.js"

/** Every http(s) URL in a piece of text (typed, or an editor selection), in order, without repeats. */
export const extractUrls = (text: string): ReadonlyArray<string> => {
  const found = text.match(/https?:\/\/[^\s"'<>()[\]{},]+/gi) ?? []
  // Trailing punctuation is usually the sentence's, not the URL's.
  const cleaned = found.map((url) => url.replace(/[.;:!?]+$/, ""))
  return [...new Set(cleaned)]
}

/** A selection's text as a prompt: trimmed, inner whitespace folded, comment markers left as they are. */
export const promptFromSelection = (text: string): string => text.replace(/\s+/g, " ").trim()

type Defaults = Pick<ExtensionSettings, "defaultResolution" | "defaultRatio" | "defaultDuration">

export type RequestInput =
  | { readonly kind: "text-to-video"; readonly prompt: string }
  | { readonly kind: "image-to-video"; readonly image: string; readonly prompt: string | undefined }
  | { readonly kind: "reference-to-video"; readonly prompt: string; readonly images: ReadonlyArray<string> }
  | { readonly kind: "video-edit"; readonly prompt: string; readonly video: string; readonly images: ReadonlyArray<string> }

/** The request the core validates, with the user's defaults filled in where the kind takes them. */
export const buildRequest = (input: RequestInput, defaults: Defaults): VideoRequest => {
  const resolution = defaults.defaultResolution
  switch (input.kind) {
    case "text-to-video":
      return { kind: input.kind, prompt: input.prompt, resolution, ratio: defaults.defaultRatio, duration: defaults.defaultDuration }
    case "image-to-video":
      return {
        kind: input.kind,
        image: input.image,
        resolution,
        duration: defaults.defaultDuration,
        ...(input.prompt === undefined || input.prompt === "" ? {} : { prompt: input.prompt }),
      }
    case "reference-to-video":
      return {
        kind: input.kind,
        prompt: input.prompt,
        images: [...input.images],
        resolution,
        ratio: defaults.defaultRatio,
        duration: defaults.defaultDuration,
      }
    case "video-edit":
      return {
        kind: input.kind,
        prompt: input.prompt,
        video: input.video,
        resolution,
        ...(input.images.length === 0 ? {} : { images: [...input.images] }),
      }
  }
}

/** The text the tree shows for a task. */
export const describeRequest = (request: VideoRequest): string => {
  switch (request.kind) {
    case "text-to-video":
    case "reference-to-video":
    case "video-edit":
      return request.prompt
    case "image-to-video":
      return request.prompt ?? `animate ${request.image}`
  }
}
