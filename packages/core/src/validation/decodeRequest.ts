import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import type { ValidationError } from "../domain/Errors.js"
import {
  AspectRatio,
  EditAudio,
  ImageToVideo,
  ModelVersion,
  ReferenceToVideo,
  ReferenceType,
  Resolution,
  TextToVideo,
  VideoEdit,
  VideoKind,
  type VideoRequest,
} from "../domain/VideoRequest.js"
import { fieldPath, issue } from "./issue.js"

/** The schema of each kind, so a failure is reported against the kind the user chose. */
export const kindSchemas = {
  "text-to-video": TextToVideo,
  "image-to-video": ImageToVideo,
  "reference-to-video": ReferenceToVideo,
  "video-edit": VideoEdit,
} as const

/** The fields a request of this kind may carry. */
export const fieldsOf = (kind: VideoKind): ReadonlyArray<string> => Object.keys(kindSchemas[kind].fields)

const quoted = (values: ReadonlyArray<string>): string => values.map((v) => `"${v}"`).join(", ")

// What each field must be, in words a user can act on (the schema's own message names types).
const expectations: Readonly<Record<string, string>> = {
  kind: `must be one of ${quoted(VideoKind.literals)}`,
  prompt: "must be text",
  image: "must be one image URL (a string)",
  images: "must be a list of image URLs",
  video: "must be a video URL (a string)",
  model: `must be one of ${quoted(ModelVersion.literals)}`,
  resolution: `must be one of ${quoted(Resolution.literals)}`,
  ratio: `must be one of ${quoted(AspectRatio.literals)}`,
  duration: "must be a number of seconds",
  seed: "must be an integer",
  watermark: "must be true or false",
  callbackUrl: "must be a URL (a string)",
  referenceType: `must be one of ${quoted(ReferenceType.literals)}`,
  audio: `must be one of ${quoted(EditAudio.literals)}`,
  videoDuration: "must be the input video's length in seconds (a number)",
}

const requiredHints: Readonly<Record<string, string>> = {
  prompt: "a prompt that describes the video",
  image: "the first frame as a public http(s) URL",
  images: "a list of public http(s) image URLs",
  video: "the video to edit as a public http(s) URL",
}

const unexpectedHints: Readonly<Record<string, Readonly<Partial<Record<VideoKind, string>>>>> = {
  ratio: {
    "image-to-video": "the ratio follows the first frame; leave ratio out",
    "video-edit": "the ratio follows the input video; leave ratio out",
  },
  images: { "image-to-video": "image-to-video takes one first frame: use image" },
  image: {
    "reference-to-video": "use images (a list of 1 to 9 URLs)",
    "video-edit": "use images (a list of up to 5 reference URLs)",
    "text-to-video": "text-to-video takes no image; use image-to-video or reference-to-video",
  },
  video: { "text-to-video": "only video-edit takes a video" },
}

const ruleFor = (
  kind: VideoKind,
  tag: ParseResult.ArrayFormatterIssue["_tag"],
  path: ReadonlyArray<PropertyKey>,
): string => {
  const top = typeof path[0] === "string" ? path[0] : ""
  if (tag === "Missing") {
    const hint = requiredHints[top]
    return hint === undefined ? `is required for ${kind}` : `is required for ${kind}: ${hint}`
  }
  if (tag === "Unexpected") {
    const hint = unexpectedHints[top]?.[kind]
    return hint !== undefined
      ? `is not a field of a ${kind} request; ${hint}`
      : `is not a field of a ${kind} request (its fields: ${fieldsOf(kind).join(", ")})`
  }
  if (top === "images" && path.length > 1) return "must be an image URL (a string)"
  return expectations[top] ?? "has the wrong type"
}

/** Reads a value at a schema path, for the error's preview; never throws. */
const valueAt = (input: unknown, path: ReadonlyArray<PropertyKey>): unknown => {
  let current: unknown = input
  for (const key of path) {
    if (!Predicate.isObject(current)) return undefined
    try {
      current = Reflect.get(current, key)
    } catch {
      return undefined
    }
  }
  return current
}

const strict = { errors: "all", onExcessProperty: "error" } as const

const decodeKind = (kind: VideoKind, input: unknown): Either.Either<VideoRequest, ParseResult.ParseError> => {
  switch (kind) {
    case "text-to-video":
      return Schema.decodeUnknownEither(TextToVideo, strict)(input)
    case "image-to-video":
      return Schema.decodeUnknownEither(ImageToVideo, strict)(input)
    case "reference-to-video":
      return Schema.decodeUnknownEither(ReferenceToVideo, strict)(input)
    case "video-edit":
      return Schema.decodeUnknownEither(VideoEdit, strict)(input)
  }
}

export interface Decoded {
  /** The kind the user asked for, when it is one we know. */
  readonly kind: VideoKind | undefined
  /** The request when it matches its kind's schema. */
  readonly request: VideoRequest | undefined
  readonly errors: ReadonlyArray<ValidationError>
}

/**
 * Decodes a request against the schema of the kind it names. Unknown fields are errors; each
 * schema failure becomes one ValidationError per field path (e.g. `images[2]`).
 */
export const decodeRequest = (input: unknown): Decoded => {
  if (!Predicate.isRecord(input)) {
    return {
      kind: undefined,
      request: undefined,
      errors: [issue("request", input, `must be an object with a kind field (one of ${quoted(VideoKind.literals)})`)],
    }
  }
  const kindValue = valueAt(input, ["kind"])
  if (!Schema.is(VideoKind)(kindValue)) {
    const rule = kindValue === undefined ? `is required: one of ${quoted(VideoKind.literals)}` : expectations.kind
    return { kind: undefined, request: undefined, errors: [issue("kind", kindValue, rule ?? "is not known")] }
  }
  const kind = kindValue
  const decoded = decodeKind(kind, input)
  if (Either.isRight(decoded)) return { kind, request: decoded.right, errors: [] }
  const byPath = new Map<string, ValidationError>()
  for (const found of ParseResult.ArrayFormatter.formatErrorSync(decoded.left)) {
    const field = fieldPath(found.path)
    if (field === "" || byPath.has(field)) continue
    byPath.set(field, issue(field, valueAt(input, found.path), ruleFor(kind, found._tag, found.path)))
  }
  if (byPath.size === 0) {
    return { kind, request: undefined, errors: [issue("request", input, `is not a valid ${kind} request`)] }
  }
  return { kind, request: undefined, errors: [...byPath.values()] }
}
