import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { type INode, NodeOperationError } from "n8n-workflow"

/** How the node reads one parameter of one item; n8n returns untyped values. */
export type ParamReader = (name: string, itemIndex: number, fallback?: unknown) => unknown

export const Resource = Schema.Literal("video", "task")
export const VideoOperation = Schema.Literal("textToVideo", "imageToVideo", "referenceToVideo", "editVideo")
export const TaskOperation = Schema.Literal("get", "wait", "download")

const NonEmpty = Schema.Trim.pipe(Schema.minLength(1, { message: () => "must not be empty" }))
// Read loosely: the kit coerces and the core validates each value.
const AdditionalFields = Schema.Struct({
  callbackUrl: Schema.optional(Schema.Unknown),
  referenceType: Schema.optional(Schema.Unknown),
  seed: Schema.optional(Schema.Unknown),
  watermark: Schema.optional(Schema.Unknown),
})

/** Decodes one parameter, failing with an n8n error that names it and the item. */
export const readParam = <A, I>(
  node: INode,
  read: ParamReader,
  schema: Schema.Schema<A, I>,
  name: string,
  itemIndex: number,
  fallback?: unknown,
): A => {
  const decoded = Schema.decodeUnknownEither(schema)(read(name, itemIndex, fallback))
  if (Either.isRight(decoded)) return decoded.right
  const detail = ParseResult.TreeFormatter.formatErrorSync(decoded.left)
  throw new NodeOperationError(node, `Parameter "${name}" is not valid: ${detail}`, { itemIndex })
}

export const readTaskId = (node: INode, read: ParamReader, itemIndex: number): string =>
  readParam(node, read, NonEmpty, "taskId", itemIndex)

export interface WaitSettings {
  readonly timeoutMs: number
  readonly download: boolean
  readonly binaryPropertyName: string
}

/** The Options collection; n8n leaves out the options a user never added. */
const Options = Schema.Struct({
  maxConcurrent: Schema.optional(Schema.Int.pipe(Schema.between(1, 50))),
  maxWaitMinutes: Schema.optional(Schema.Number.pipe(Schema.positive())),
  downloadBinary: Schema.optional(Schema.Boolean),
  binaryPropertyName: Schema.optional(NonEmpty),
})
export type Options = typeof Options.Type

export const readOptions = (node: INode, read: ParamReader, itemIndex: number): Options =>
  readParam(node, read, Options, "options", itemIndex, {})

export const waitSettings = (options: Options): WaitSettings => {
  const download = options.downloadBinary ?? true
  return {
    timeoutMs: Math.round((options.maxWaitMinutes ?? 10) * 60_000),
    download,
    binaryPropertyName: options.binaryPropertyName ?? "data",
  }
}

export const Mode = Schema.Literal("wait", "submit")

export const readMode = (node: INode, read: ParamReader, itemIndex: number): typeof Mode.Type =>
  readParam(node, read, Mode, "resultMode", itemIndex, "wait")

/** The request field each operation's parameters fill, as flat host input for the kit to read. */
const inputs: Readonly<Record<typeof VideoOperation.Type, Readonly<Record<string, string>>>> = {
  textToVideo: { prompt: "prompt", ratio: "ratio", duration: "duration" },
  imageToVideo: { image: "imageUrl", prompt: "prompt", duration: "duration" },
  referenceToVideo: { prompt: "prompt", images: "referenceImages", ratio: "ratio", duration: "duration" },
  editVideo: { prompt: "prompt", video: "videoUrl", images: "referenceImages", audio: "audio" },
}
const kinds = { textToVideo: "text-to-video", imageToVideo: "image-to-video", referenceToVideo: "reference-to-video", editVideo: "video-edit" } as const

/**
 * One item's parameters as flat host input. Values pass through as n8n gives them; the kit's
 * lenient reading (numbers from text, URL lists from one text, blanks dropped) and the core's
 * validation for the credential's gateway judge them, naming the field, the value and the rule.
 */
export const readVideoInput = (
  node: INode,
  read: ParamReader,
  operation: typeof VideoOperation.Type,
  itemIndex: number,
): Record<string, unknown> => {
  const extra = readParam(node, read, AdditionalFields, "additionalFields", itemIndex, {})
  const model = read("model", itemIndex, "latest")
  const input: Record<string, unknown> = {
    kind: kinds[operation],
    ...(model === "latest" ? {} : { model }),
    resolution: read("resolution", itemIndex, "720P"),
    seed: extra.seed,
    watermark: extra.watermark,
    callbackUrl: extra.callbackUrl,
    ...(operation === "referenceToVideo" ? { referenceType: extra.referenceType } : {}),
  }
  for (const [field, parameter] of Object.entries(inputs[operation])) input[field] = read(parameter, itemIndex, undefined)
  return input
}
