import type { ValidationError } from "../domain/Errors.js"
import type { VideoKind } from "../domain/VideoRequest.js"
import { issue } from "./issue.js"
import { mediaUrlIssues } from "./mediaUrl.js"
import type { RequestView } from "./requestView.js"

/** How many `images` each kind takes; image-to-video uses the single `image` field. */
export const IMAGE_COUNTS: Readonly<Partial<Record<VideoKind, { readonly min: number; readonly max: number }>>> = {
  "reference-to-video": { min: 1, max: 9 },
  "video-edit": { min: 0, max: 5 },
}

const countRule = (kind: VideoKind, min: number, max: number): string =>
  min === 0
    ? `must list at most ${max} reference image URLs for ${kind}`
    : `must list ${min} to ${max} image URLs for ${kind}`

/** Media inputs: counts per kind, and every URL one the gateway can download. */
export const mediaIssues = (view: RequestView): ReadonlyArray<ValidationError> => {
  const errors: Array<ValidationError> = []
  if (view.image !== undefined) errors.push(...mediaUrlIssues("image", view.image))
  if (view.video !== undefined) errors.push(...mediaUrlIssues("video", view.video))
  if (view.images !== undefined) {
    const count = view.kind === undefined ? undefined : IMAGE_COUNTS[view.kind]
    if (view.kind !== undefined && count !== undefined) {
      const n = view.images.length
      if (n < count.min || n > count.max) {
        errors.push(issue("images", `${n} images`, countRule(view.kind, count.min, count.max)))
      }
    }
    view.images.forEach((url, i) => {
      if (typeof url === "string") errors.push(...mediaUrlIssues(`images[${i}]`, url))
    })
  }
  return errors
}
