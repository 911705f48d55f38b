import * as SchemaAST from "effect/SchemaAST"
import {
  type Capabilities,
  DURATION,
  EDIT_INPUT_DURATION,
  EditAudio,
  type ImageToVideo,
  IMAGE_COUNTS,
  kindSchemas,
  MAX_URL_LENGTH,
  type NormalizedRequest,
  normalizeRequest,
  offeredModels,
  PROMPT_MAX_UNITS,
  ReferenceType,
  type ReferenceToVideo,
  Resolution,
  supportsKind,
  type TextToVideo,
  type VideoEdit,
  VideoKind,
  type VideoRequest,
} from "../index.js"

/** How a host shows a field and which host value it takes. */
export type FieldType = "prompt" | "text" | "url" | "url-list" | "integer" | "number" | "boolean" | "options"

export interface FieldOption {
  readonly value: string
  readonly label: string
}

/** One field of a request, as a host shows it. JSON-friendly. */
export interface Field {
  /** The request's key. */
  readonly name: RequestField
  readonly label: string
  readonly description: string
  readonly type: FieldType
  readonly required: boolean
  /**
   * Numbers: the allowed values. url-list: how many URLs. prompt: length in the gateways' units
   * (a Chinese character counts 2). url: the longest URL.
   */
  readonly range?: { readonly min: number; readonly max: number }
  /** What the core sends when the field is left out. */
  readonly default?: string | number | boolean
  /** The only values allowed, in the order to show them. */
  readonly options?: ReadonlyArray<FieldOption>
}

type KeysOf<T> = T extends unknown ? keyof T : never
/** Every field any kind of request has, except `kind` itself. */
export type RequestField = Exclude<KeysOf<TextToVideo | ImageToVideo | ReferenceToVideo | VideoEdit>, "kind">

export const kindLabels: Readonly<Record<VideoKind, string>> = {
  "text-to-video": "Text to Video",
  "image-to-video": "Image to Video",
  "reference-to-video": "Reference to Video",
  "video-edit": "Video Edit",
}

/** The kinds this gateway offers, in the core's order. */
export const offeredKinds = (capabilities: Capabilities): ReadonlyArray<VideoKind> =>
  VideoKind.literals.filter((kind) => supportsKind(capabilities, kind) && offeredModels(capabilities, kind).length > 0)

/** The kind picker: one option per kind the gateway offers. */
export const kindOptions = (capabilities: Capabilities): ReadonlyArray<FieldOption> =>
  offeredKinds(capabilities).map((kind) => ({ value: kind, label: kindLabels[kind] }))

// The smallest request of each kind, so defaults come from the core's own normalizing.
const bare: Readonly<Record<VideoKind, VideoRequest>> = {
  "text-to-video": { kind: "text-to-video", prompt: "" },
  "image-to-video": { kind: "image-to-video", image: "" },
  "reference-to-video": { kind: "reference-to-video", prompt: "", images: [] },
  "video-edit": { kind: "video-edit", prompt: "", video: "" },
}

const ratioLabels: Readonly<Record<string, string>> = {
  "16:9": "16:9 (landscape)",
  "9:16": "9:16 (portrait)",
  "1:1": "1:1 (square)",
}

interface Context {
  readonly kind: VideoKind
  readonly capabilities: Capabilities
  readonly defaults: NormalizedRequest
}

type Describe = (context: Context) => Omit<Field, "name" | "required" | "type">

const plain = (values: ReadonlyArray<string>): ReadonlyArray<FieldOption> => values.map((value) => ({ value, label: value }))

/** How each field is entered; the same in every kind. */
export const fieldTypes: Readonly<Record<RequestField, FieldType>> = {
  prompt: "prompt",
  image: "url",
  images: "url-list",
  video: "url",
  referenceType: "options",
  ratio: "options",
  audio: "options",
  videoDuration: "number",
  model: "options",
  resolution: "options",
  duration: "integer",
  seed: "integer",
  watermark: "boolean",
  callbackUrl: "url",
}

// Words only; every number and list comes from the core's rules and the gateway's capabilities.
const describe: Readonly<Record<RequestField, Describe>> = {
  prompt: ({ kind }) => ({
    label: "Prompt",
    description:
      kind === "image-to-video"
        ? "Optional. Describe the motion, camera and sound; the first frame sets the scene."
        : kind === "reference-to-video"
          ? "Describe the video; name the images as character1, character2 or [Image 1]."
          : kind === "video-edit"
            ? "Describe the change to make to the video."
            : "Describe the video: subject, action, camera and sound.",
    range: { min: 0, max: PROMPT_MAX_UNITS },
  }),
  image: () => ({
    label: "First Frame URL",
    description: "The first frame, as a public http(s) URL the gateway can download.",
    range: { min: 1, max: MAX_URL_LENGTH },
  }),
  images: ({ kind }) => {
    const count = IMAGE_COUNTS[kind] ?? { min: 0, max: 0 }
    return {
      label: kind === "video-edit" ? "Reference Image URLs" : "Image URLs",
      description: `${count.min === 0 ? "Up to" : `${count.min} to`} ${count.max} public http(s) image URLs, one per line or separated by commas.`,
      range: count,
    }
  },
  video: () => ({
    label: "Video URL",
    description: `The video to edit, as a public http(s) URL; ${EDIT_INPUT_DURATION.min} to ${EDIT_INPUT_DURATION.max} seconds long.`,
    range: { min: 1, max: MAX_URL_LENGTH },
  }),
  referenceType: () => ({
    label: "Reference Type",
    description: "What the images give the video: its subject or its style.",
    options: plain(ReferenceType.literals),
  }),
  ratio: ({ capabilities, defaults }) => ({
    label: "Aspect Ratio",
    description: "Width to height of the video.",
    options: capabilities.ratios.map((value) => ({ value, label: ratioLabels[value] ?? value })),
    ...(defaults.ratio === undefined ? {} : { default: defaults.ratio }),
  }),
  audio: () => ({
    label: "Audio",
    description: "Keep the input video's audio, or let the model make new audio.",
    options: plain(EditAudio.literals),
  }),
  videoDuration: () => ({
    label: "Input Video Length (Seconds)",
    description: "The input video's length; only the cost estimate uses it.",
    range: EDIT_INPUT_DURATION,
  }),
  model: ({ kind, capabilities, defaults }) => {
    const models = offeredModels(capabilities, kind)
    const newest = models.at(-1)
    return {
      label: "Model Version",
      description: "Leave empty for the newest version the gateway offers.",
      options: [...models].reverse().map((value) => ({
        value,
        label: value === newest ? `HappyHorse ${value} (newest)` : `HappyHorse ${value}`,
      })),
      default: defaults.model,
    }
  },
  resolution: ({ defaults }) => ({
    label: "Resolution",
    description: "The higher resolution costs more per second.",
    options: plain(Resolution.literals),
    default: defaults.resolution,
  }),
  duration: ({ defaults }) => ({
    label: "Duration (Seconds)",
    description: `Length of the video, ${DURATION.min} to ${DURATION.max} seconds. You pay per output second.`,
    range: DURATION,
    ...(defaults.duration === undefined ? {} : { default: defaults.duration }),
  }),
  seed: ({ capabilities }) => ({
    label: "Seed",
    description: "Optional. The same seed and inputs give a similar video.",
    range: capabilities.seed,
  }),
  watermark: ({ defaults }) => ({
    label: "Add Watermark",
    description: "Mark the video as AI-generated.",
    default: defaults.watermark,
  }),
  callbackUrl: () => ({
    label: "Callback URL",
    description: "A public https URL the gateway POSTs the finished task to.",
    range: { min: 1, max: MAX_URL_LENGTH },
  }),
}

const isRequired = (kind: VideoKind, name: string): boolean => {
  const ast = SchemaAST.typeAST(kindSchemas[kind].ast)
  if (!SchemaAST.isTypeLiteral(ast)) return false
  return ast.propertySignatures.some((p) => p.name === name && !p.isOptional)
}

export const isRequestField = (name: string): name is RequestField => name in fieldTypes

/**
 * The fields of one kind for one gateway, in the order the request schema lists them.
 * Options and ranges are narrowed to what the gateway accepts; callbackUrl only where it calls back.
 * Empty when the gateway does not offer the kind.
 */
export const requestFields = (kind: VideoKind, capabilities: Capabilities): ReadonlyArray<Field> => {
  if (!offeredKinds(capabilities).includes(kind)) return []
  const context: Context = { kind, capabilities, defaults: normalizeRequest(bare[kind], capabilities) }
  return kindSchemaFields(kind)
    .filter(isRequestField)
    .filter((name) => name !== "callbackUrl" || capabilities.callbacks)
    // An edit's length follows its input video: the core resolves no duration for it and refuses one.
    .filter((name) => name !== "duration" || context.defaults.duration !== undefined)
    .map((name) => ({ name, type: fieldTypes[name], required: isRequired(kind, name), ...describe[name](context) }))
}

/** Every offered kind's fields for one gateway. */
export const fieldTables = (capabilities: Capabilities): Readonly<Partial<Record<VideoKind, ReadonlyArray<Field>>>> =>
  Object.fromEntries(offeredKinds(capabilities).map((kind) => [kind, requestFields(kind, capabilities)]))

const kindSchemaFields = (kind: VideoKind): ReadonlyArray<string> => Object.keys(kindSchemas[kind].fields)
