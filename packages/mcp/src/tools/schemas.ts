import { type Capabilities, EditAudio, ModelVersion, ReferenceType, Resolution, supportsKind, VideoKind } from "@happyhorse/core"

/** A JSON Schema object, as MCP clients read a tool's input. */
export type JsonSchema = Readonly<Record<string, unknown>>

const models = (capabilities: Capabilities): ReadonlyArray<string> =>
  ModelVersion.literals.filter((m) => Object.values(capabilities.models).some((list) => list?.includes(m) === true))

/**
 * The video request's fields, narrowed to what the configured gateway offers. The core checks
 * every rule again (and names field, value and rule when one fails); these help a model get it
 * right the first time.
 */
export const requestProperties = (capabilities: Capabilities): Record<string, JsonSchema> => ({
  prompt: {
    type: "string",
    description:
      "What the video shows, in plain words: subject, action, setting, camera, style. Required except for image-to-video. For reference-to-video, name the images as character1, character2 or [Image 1].",
  },
  kind: {
    type: "string",
    enum: VideoKind.literals.filter((k) => supportsKind(capabilities, k)),
    description:
      "Usually leave out: it follows from the other fields (video: video-edit; images: reference-to-video; image: image-to-video; otherwise text-to-video).",
  },
  image: { type: "string", description: "image-to-video: the first frame, as a public http(s) URL. The ratio follows the image." },
  images: {
    type: "array",
    items: { type: "string" },
    description: "reference-to-video: 1 to 9 public http(s) image URLs of characters or style. video-edit: up to 5 reference images.",
  },
  video: { type: "string", description: "video-edit: the video to edit, as a public http(s) URL. The length and ratio follow it." },
  referenceType: { type: "string", enum: ReferenceType.literals, description: "reference-to-video: whether the images give the subject or the style." },
  audio: { type: "string", enum: EditAudio.literals, description: "video-edit: keep the input's audio, or make new audio." },
  videoDuration: { type: "number", description: "video-edit: the input video's length in seconds, when known; only the cost estimate uses it." },
  model: { type: "string", enum: models(capabilities), description: "Model version; leave out for the newest the gateway offers for the kind." },
  resolution: { type: "string", enum: Resolution.literals, description: "Output resolution (default 720P; 1080P costs more)." },
  ratio: {
    type: "string",
    enum: capabilities.ratios,
    description: "Aspect ratio for text-to-video and reference-to-video (default 16:9). Leave out for image-to-video and video-edit.",
  },
  duration: { type: "integer", description: "Length in whole seconds (default 5; text, image and reference kinds). Longer costs more." },
  seed: { type: "integer", description: "Optional seed for repeatable results." },
  watermark: { type: "boolean", description: "Add the gateway's watermark (default false)." },
})

export const objectSchema = (properties: Record<string, JsonSchema>, required: ReadonlyArray<string> = []): JsonSchema => ({
  type: "object",
  properties,
  required,
  additionalProperties: false,
})
