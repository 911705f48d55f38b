import type { VideoRequest } from "@happyhorse/core"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { type INode, NodeOperationError } from "n8n-workflow"

/** How the node reads one parameter of one item; n8n returns untyped values. */
export type ParamReader = (name: string, itemIndex: number, fallback?: unknown) => unknown

export const Resource = Schema.Literal("video", "task")
export const VideoOperation = Schema.Literal("textToVideo", "imageToVideo", "referenceToVideo", "editVideo")
export const TaskOperation = Schema.Literal("get", "wait", "download")

const TrimmedString = Schema.Trim
const NonEmpty = Schema.Trim.pipe(Schema.minLength(1, { message: () => "must not be empty" }))
// A list from the multi-value field, or one string of URLs split by commas or new lines (from an expression or a tool).
const UrlList = Schema.transform(Schema.Union(Schema.Array(Schema.String), Schema.String), Schema.Array(Schema.String), {
  strict: true,
  decode: (input) =>
    (typeof input === "string" ? input.split(/[\n,]/) : input).map((url) => url.trim()).filter((url) => url !== ""),
  encode: (urls) => urls,
})

const AdditionalFields = Schema.Struct({
  callbackUrl: Schema.optional(TrimmedString),
  referenceType: Schema.optional(Schema.Literal("subject", "style")),
  seed: Schema.optional(Schema.Number),
  watermark: Schema.optional(Schema.Boolean),
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

/**
 * The core request for one item. Values are passed through as given: the core validates them for
 * the credential's gateway and names the field and rule when one is wrong.
 */
export const readVideoRequest = (
  node: INode,
  read: ParamReader,
  operation: typeof VideoOperation.Type,
  itemIndex: number,
): VideoRequest => {
  const param = <A, I>(schema: Schema.Schema<A, I>, name: string, fallback?: unknown) =>
    readParam(node, read, schema, name, itemIndex, fallback)
  const model = param(Schema.Literal("latest", "1.0", "1.1"), "model", "latest")
  const extra = param(AdditionalFields, "additionalFields", {})
  const common = {
    ...(model === "latest" ? {} : { model }),
    resolution: param(Schema.Literal("720P", "1080P"), "resolution", "720P"),
    ...(extra.seed === undefined ? {} : { seed: extra.seed }),
    ...(extra.watermark === undefined ? {} : { watermark: extra.watermark }),
    ...(extra.callbackUrl === undefined || extra.callbackUrl === "" ? {} : { callbackUrl: extra.callbackUrl }),
  }
  const ratio = () => param(Schema.Literal("16:9", "9:16", "1:1", "4:3", "3:4", "4:5", "5:4", "9:21", "21:9"), "ratio", "16:9")
  const duration = () => param(Schema.Number, "duration", 5)
  switch (operation) {
    case "textToVideo":
      return { kind: "text-to-video", prompt: param(Schema.String, "prompt"), ratio: ratio(), duration: duration(), ...common }
    case "imageToVideo": {
      const prompt = param(TrimmedString, "prompt", "")
      return {
        kind: "image-to-video",
        image: param(NonEmpty, "imageUrl"),
        ...(prompt === "" ? {} : { prompt }),
        duration: duration(),
        ...common,
      }
    }
    case "referenceToVideo":
      return {
        kind: "reference-to-video",
        prompt: param(Schema.String, "prompt"),
        images: param(UrlList, "referenceImages", []),
        ...(extra.referenceType === undefined ? {} : { referenceType: extra.referenceType }),
        ratio: ratio(),
        duration: duration(),
        ...common,
      }
    case "editVideo": {
      const images = param(UrlList, "referenceImages", [])
      return {
        kind: "video-edit",
        prompt: param(Schema.String, "prompt"),
        video: param(NonEmpty, "videoUrl"),
        ...(images.length === 0 ? {} : { images }),
        audio: param(Schema.Literal("keep", "regenerate"), "audio", "keep"),
        ...common,
      }
    }
  }
}
