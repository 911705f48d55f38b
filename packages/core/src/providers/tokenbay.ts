import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { MalformedReply } from "../domain/Errors.js"
import type { SubmitReceipt, TaskSnapshot, TaskStatus } from "../domain/TaskStatus.js"
import type { NormalizedRequest } from "../domain/VideoRequest.js"
import { codeText, decodeReply, LooseCode, malformed, nullable, parseProgress, segment } from "./decodeReply.js"
import { modelId } from "./modelId.js"
import { openAiErrorFacts as errorFacts } from "./openAiError.js"
import { type Dialect, type DeclaredCapabilities, makeDialect } from "./Dialect.js"

// TokenBay is a new-api deployment; any OpenAI-compatible new-api gateway speaks the same.

export const tokenbayCapabilities: DeclaredCapabilities = {
  gateway: "tokenbay",
  models: {
    "text-to-video": ["1.0"],
    "image-to-video": ["1.0"],
    "reference-to-video": ["1.0"],
  },
  ratios: ["16:9", "9:16", "1:1", "4:3", "3:4", "4:5", "5:4", "9:21", "21:9"],
  seed: { min: 0, max: 2147483647 },
  batchQuery: 0,
  sources: [
    "kinds t2v/i2v/r2v and model 1.0 only (no edit documented): seed 001 [V]",
    "nine ratios, seed 0..2147483647: seed 001 [V]",
    "content endpoint honours Range (206): seed 001 [V]",
    "no callbacks, NDJSON, batch query or cancel documented: seed 001 [V]",
  ],
}

interface Media {
  readonly type: "reference_image" | "video"
  readonly url: string
}

export const encodeTokenbayBody = (request: NormalizedRequest): Record<string, unknown> => {
  const references = request.images.map((url): Media => ({ type: "reference_image", url }))
  // Edit is not offered here (validation refuses it); if asked anyway, send the media honestly.
  const media: ReadonlyArray<Media> =
    request.kind === "reference-to-video"
      ? references
      : request.kind === "video-edit"
        ? [...(request.video === undefined ? [] : [{ type: "video" as const, url: request.video }]), ...references]
        : []
  return {
    model: modelId(request),
    ...(request.prompt === undefined ? {} : { prompt: request.prompt }),
    size: request.resolution,
    ...(request.duration === undefined ? {} : { duration: request.duration }),
    ...(request.kind === "image-to-video" && request.image !== undefined ? { input_reference: request.image } : {}),
    metadata: {
      ...(request.ratio === undefined ? {} : { ratio: request.ratio }),
      watermark: request.watermark,
      ...(request.seed === undefined ? {} : { seed: request.seed }),
      ...(request.kind === "reference-to-video" && request.referenceType !== undefined
        ? { reference_type: request.referenceType }
        : {}),
      ...(media.length === 0 ? {} : { input: { media } }),
    },
  }
}

const nonEmpty = (text: string | null | undefined): string | undefined =>
  text === null || text === undefined || text.length === 0 ? undefined : text

/** A receipt names its task as task_id or id; a body with neither is not a receipt (it may be an error). */
export const TokenbayReceipt = Schema.Struct({
  id: nullable(Schema.String),
  task_id: nullable(Schema.String),
  status: nullable(Schema.String),
}).pipe(
  Schema.filter((receipt) => (nonEmpty(receipt.task_id) ?? nonEmpty(receipt.id)) !== undefined, {
    message: () => "a receipt needs a non-empty task_id or id",
  }),
)

export const TokenbayTask = Schema.Struct({
  id: nullable(Schema.String),
  task_id: nullable(Schema.String),
  status: Schema.String,
  progress: nullable(Schema.Union(Schema.Number, Schema.String)),
  metadata: nullable(Schema.Struct({ url: nullable(Schema.String) })),
  result_url: nullable(Schema.String),
  fail_reason: nullable(Schema.String),
  error: nullable(Schema.Struct({ message: nullable(Schema.String), code: nullable(LooseCode) })),
})
export type TokenbayTask = typeof TokenbayTask.Type

export const tokenbayContentPath = (taskId: string): string => `/v1/videos/${segment(taskId)}/content`

/** Both vocabularies: new-api's OpenAI-style words and its older upper-case task words. */
export const tokenbayStatus = (taskId: string, task: TokenbayTask): TaskStatus => {
  switch (task.status) {
    case "queued":
    case "SUBMITTED":
    case "QUEUED":
    case "NOT_START":
      return { _tag: "Queued" }
    case "in_progress":
    case "IN_PROGRESS": {
      const progress = parseProgress(task.progress)
      return { _tag: "Running", ...(progress === undefined ? {} : { progress }) }
    }
    case "completed":
    case "SUCCESS":
      // Without a direct URL the video is at the authenticated content path, relative to the base URL.
      return {
        _tag: "Succeeded",
        videoUrl: nonEmpty(task.metadata?.url) ?? nonEmpty(task.result_url) ?? tokenbayContentPath(taskId),
      }
    case "failed":
    case "FAILURE": {
      const code = codeText(task.error?.code)
      return {
        _tag: "Failed",
        reason: nonEmpty(task.error?.message) ?? nonEmpty(task.fail_reason) ?? "the task failed",
        ...(code === undefined || code.length === 0 ? {} : { code }),
      }
    }
    default:
      return { _tag: "Unknown", raw: task.status }
  }
}

export const tokenbay: Dialect = makeDialect({
  name: "tokenbay",
  defaultBaseUrl: "https://api.tokenbay.com",
  offers: tokenbayCapabilities,
  authHeaders: (apiKey) => ({ Authorization: `Bearer ${Redacted.value(apiKey)}` }),
  errorFacts,
  encodeSubmit: (request) => ({ method: "POST", path: "/v1/videos", body: encodeTokenbayBody(request) }),
  decodeSubmit: (reply) =>
    decodeReply({ gateway: "tokenbay", operation: "submit", success: TokenbayReceipt, errorFacts })(reply).pipe(
      Effect.flatMap((body): Effect.Effect<SubmitReceipt, MalformedReply> => {
        const taskId = nonEmpty(body.task_id) ?? nonEmpty(body.id)
        return taskId === undefined
          ? Effect.fail(malformed("tokenbay", "submit", reply.status, reply.body, "receipt without id or task_id"))
          : Effect.succeed({ taskId, gateway: "tokenbay" })
      }),
    ),
  encodeQuery: (taskId) => ({ method: "GET", path: `/v1/videos/${segment(taskId)}` }),
  decodeQuery: (taskId, reply) =>
    decodeReply({ gateway: "tokenbay", operation: "query", success: TokenbayTask, errorFacts })(reply).pipe(
      Effect.map(
        (task): TaskSnapshot => ({
          taskId,
          gateway: "tokenbay",
          status: tokenbayStatus(taskId, task),
          rawStatus: task.status,
        }),
      ),
    ),
  contentPath: tokenbayContentPath,
})
