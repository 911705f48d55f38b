import { AspectRatio, EditAudio, ModelVersion, ReferenceType, Resolution } from "@happyhorse/core/node"
import type { ImageToVideo, ReferenceToVideo, TextToVideo, VideoEdit } from "@happyhorse/core/node"
import * as Schema from "effect/Schema"
import { BooleanInput, decodeInput, NumberInput, optional, UrlListInput } from "../requestInput.js"

// Each create's fields, decoded straight into the core's request; the core then checks ranges,
// counts and gateway limits and names the field, the value and the rule.

const common = {
  model: optional(ModelVersion),
  resolution: optional(Resolution),
  duration: optional(NumberInput),
  seed: optional(NumberInput),
  watermark: optional(BooleanInput),
}

const TextInput = Schema.Struct({ prompt: Schema.String, ratio: optional(AspectRatio), ...common })

const ImageInput = Schema.Struct({ image: Schema.String, prompt: optional(Schema.String), ...common })

const ReferencesInput = Schema.Struct({
  prompt: Schema.String,
  images: UrlListInput,
  referenceType: optional(ReferenceType).pipe(Schema.fromKey("reference_type")),
  ratio: optional(AspectRatio),
  ...common,
})

const EditInput = Schema.Struct({
  prompt: Schema.String,
  video: Schema.String,
  images: optional(UrlListInput),
  audio: optional(EditAudio),
  videoDuration: optional(NumberInput).pipe(Schema.fromKey("video_duration")),
  model: optional(ModelVersion),
  resolution: optional(Resolution),
  seed: optional(NumberInput),
  watermark: optional(BooleanInput),
})

export const textRequest = (inputData: unknown): TextToVideo => ({
  kind: "text-to-video",
  ...decodeInput(TextInput, inputData),
})

export const imageRequest = (inputData: unknown): ImageToVideo => ({
  kind: "image-to-video",
  ...decodeInput(ImageInput, inputData),
})

export const referencesRequest = (inputData: unknown): ReferenceToVideo => ({
  kind: "reference-to-video",
  ...decodeInput(ReferencesInput, inputData),
})

export const editRequest = (inputData: unknown): VideoEdit => ({
  kind: "video-edit",
  ...decodeInput(EditInput, inputData),
})
