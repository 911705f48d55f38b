import * as Schema from "effect/Schema"

export const VideoKind = Schema.Literal("text-to-video", "image-to-video", "reference-to-video", "video-edit")
export type VideoKind = typeof VideoKind.Type

export const ModelVersion = Schema.Literal("1.0", "1.1")
export type ModelVersion = typeof ModelVersion.Type

export const Resolution = Schema.Literal("720P", "1080P")
export type Resolution = typeof Resolution.Type

export const AspectRatio = Schema.Literal("16:9", "9:16", "1:1", "4:3", "3:4", "4:5", "5:4", "9:21", "21:9")
export type AspectRatio = typeof AspectRatio.Type

export const ReferenceType = Schema.Literal("subject", "style")
export type ReferenceType = typeof ReferenceType.Type

/** Video edit: keep the input's audio, or let the model make new audio. */
export const EditAudio = Schema.Literal("keep", "regenerate")
export type EditAudio = typeof EditAudio.Type

// Options every kind shares. Rules (ranges, lengths, gateway limits) live in validation/,
// so that a failure names the field, the value and the rule instead of a schema path.
const common = {
  model: Schema.optional(ModelVersion),
  resolution: Schema.optional(Resolution),
  duration: Schema.optional(Schema.Number),
  seed: Schema.optional(Schema.Number),
  watermark: Schema.optional(Schema.Boolean),
  callbackUrl: Schema.optional(Schema.String),
}

export const TextToVideo = Schema.Struct({
  kind: Schema.Literal("text-to-video"),
  prompt: Schema.String,
  ratio: Schema.optional(AspectRatio),
  ...common,
})
export type TextToVideo = typeof TextToVideo.Type

export const ImageToVideo = Schema.Struct({
  kind: Schema.Literal("image-to-video"),
  /** The first frame, as a public http(s) URL. */
  image: Schema.String,
  prompt: Schema.optional(Schema.String),
  ...common,
})
export type ImageToVideo = typeof ImageToVideo.Type

export const ReferenceToVideo = Schema.Struct({
  kind: Schema.Literal("reference-to-video"),
  /** May name the images as `character1` or `[Image 1]`. */
  prompt: Schema.String,
  /** 1 to 9 public http(s) URLs. */
  images: Schema.Array(Schema.String),
  referenceType: Schema.optional(ReferenceType),
  ratio: Schema.optional(AspectRatio),
  ...common,
})
export type ReferenceToVideo = typeof ReferenceToVideo.Type

export const VideoEdit = Schema.Struct({
  kind: Schema.Literal("video-edit"),
  prompt: Schema.String,
  /** The video to edit, as a public http(s) URL. */
  video: Schema.String,
  /** 0 to 5 reference images. */
  images: Schema.optional(Schema.Array(Schema.String)),
  audio: Schema.optional(EditAudio),
  /** Length of the input video in seconds, when known; only the cost estimate uses it. */
  videoDuration: Schema.optional(Schema.Number),
  ...common,
})
export type VideoEdit = typeof VideoEdit.Type

/** What a user asks for, on any gateway. */
export const VideoRequest = Schema.Union(TextToVideo, ImageToVideo, ReferenceToVideo, VideoEdit)
export type VideoRequest = typeof VideoRequest.Type

/**
 * A request after validation for one gateway: every default resolved, so every dialect
 * sends the same explicit values and the result does not depend on a gateway's own defaults.
 */
export interface NormalizedRequest {
  readonly kind: VideoKind
  readonly model: ModelVersion
  readonly prompt: string | undefined
  readonly image: string | undefined
  readonly images: ReadonlyArray<string>
  readonly video: string | undefined
  readonly referenceType: ReferenceType | undefined
  readonly audio: EditAudio | undefined
  readonly resolution: Resolution
  /** Undefined for image-to-video and edit, whose ratio follows the input. */
  readonly ratio: AspectRatio | undefined
  /** Undefined for edit, whose length follows the input video. */
  readonly duration: number | undefined
  readonly seed: number | undefined
  readonly watermark: boolean
  readonly callbackUrl: string | undefined
  readonly videoDuration: number | undefined
}

export const DEFAULTS = {
  resolution: "720P" as Resolution,
  ratio: "16:9" as AspectRatio,
  duration: 5,
  watermark: false,
} as const
