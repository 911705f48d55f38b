import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { GatewayFailure, MalformedReply } from "../domain/Errors.js"
import type { GatewayName } from "../domain/Gateway.js"
import type { SubmitReceipt, TaskSnapshot, TaskStatus } from "../domain/TaskStatus.js"
import type { NormalizedRequest } from "../domain/VideoRequest.js"
import type { ErrorFacts } from "./classifyError.js"
import type { WireReply } from "./Dialect.js"
import { decodeReply, malformed, nullable } from "./decodeReply.js"
import { modelId } from "./modelId.js"

// Alibaba's DashScope video-synthesis body, which ttapi resells unchanged under its own prefix.

export interface AlibabaMedia {
  readonly type: "first_frame" | "reference_image" | "video"
  readonly url: string
}

export interface AlibabaBody {
  readonly model: string
  readonly input: { readonly prompt?: string; readonly media?: ReadonlyArray<AlibabaMedia> }
  readonly parameters: {
    readonly resolution: string
    readonly ratio?: string
    readonly duration?: number
    readonly watermark: boolean
    readonly seed?: number
    readonly audio_setting?: "origin" | "auto"
  }
}

const mediaOf = (request: NormalizedRequest): ReadonlyArray<AlibabaMedia> => {
  const references = request.images.map((url): AlibabaMedia => ({ type: "reference_image", url }))
  switch (request.kind) {
    case "text-to-video":
      return []
    case "image-to-video":
      return request.image === undefined ? [] : [{ type: "first_frame", url: request.image }]
    case "reference-to-video":
      return references
    case "video-edit":
      return [...(request.video === undefined ? [] : [{ type: "video" as const, url: request.video }]), ...references]
  }
}

/** Every resolved value goes on the wire, so the result never depends on the gateway's defaults. */
export const encodeAlibabaBody = (request: NormalizedRequest): AlibabaBody => {
  const media = mediaOf(request)
  return {
    model: modelId(request),
    input: {
      ...(request.prompt === undefined ? {} : { prompt: request.prompt }),
      ...(media.length === 0 ? {} : { media }),
    },
    parameters: {
      resolution: request.resolution,
      ...(request.ratio === undefined ? {} : { ratio: request.ratio }),
      ...(request.duration === undefined ? {} : { duration: request.duration }),
      watermark: request.watermark,
      ...(request.seed === undefined ? {} : { seed: request.seed }),
      ...(request.audio === undefined ? {} : { audio_setting: request.audio === "keep" ? "origin" : "auto" }),
    },
  }
}

export const AlibabaSubmitReply = Schema.Struct({
  request_id: nullable(Schema.String),
  output: Schema.Struct({
    task_id: Schema.String,
    task_status: nullable(Schema.String),
  }),
})

export const AlibabaQueryReply = Schema.Struct({
  request_id: nullable(Schema.String),
  output: Schema.Struct({
    task_id: nullable(Schema.String),
    task_status: Schema.String,
    video_url: nullable(Schema.String),
    code: nullable(Schema.String),
    message: nullable(Schema.String),
  }),
  usage: nullable(
    Schema.Struct({
      duration: nullable(Schema.Number),
      output_video_duration: nullable(Schema.Number),
      SR: nullable(Schema.Union(Schema.Number, Schema.String)),
    }),
  ),
})
export type AlibabaQueryReply = typeof AlibabaQueryReply.Type

/** SR is the short side in pixels (720) or already a tier ("720P"). */
const resolutionOf = (sr: number | string | null | undefined): string | undefined => {
  if (sr === null || sr === undefined) return undefined
  const text = String(sr).trim().toUpperCase()
  if (text.length === 0) return undefined
  return /^\d+$/.test(text) ? `${text}P` : text
}

/** Map the query reply to a status; `undefined` means it claims success without a video. */
export const alibabaStatus = (reply: AlibabaQueryReply): TaskStatus | undefined => {
  const { output, usage } = reply
  switch (output.task_status) {
    case "PENDING":
      return { _tag: "Queued" }
    case "RUNNING":
      return { _tag: "Running" }
    case "SUCCEEDED": {
      if (output.video_url === null || output.video_url === undefined || output.video_url.length === 0) return undefined
      const duration = usage?.output_video_duration ?? usage?.duration ?? undefined
      const resolution = resolutionOf(usage?.SR)
      return {
        _tag: "Succeeded",
        videoUrl: output.video_url,
        ...(duration === undefined || duration === null ? {} : { duration }),
        ...(resolution === undefined ? {} : { resolution }),
      }
    }
    case "FAILED":
      return {
        _tag: "Failed",
        reason: output.message ?? "the task failed",
        ...(output.code === null || output.code === undefined ? {} : { code: output.code }),
      }
    case "CANCELED":
      return { _tag: "Canceled" }
    case "UNKNOWN":
      // DashScope's word for a task id it no longer knows (expired after 24 h, or never existed).
      return { _tag: "Expired", raw: output.task_status }
    default:
      return { _tag: "Unknown", raw: output.task_status }
  }
}

export interface AlibabaDecoders {
  readonly decodeSubmit: (reply: WireReply) => Effect.Effect<SubmitReceipt, GatewayFailure>
  readonly decodeQuery: (taskId: string, reply: WireReply) => Effect.Effect<TaskSnapshot, GatewayFailure>
}

/** Both resellers of this body share the replies; only the error body differs. */
export const alibabaDecoders = (
  gateway: GatewayName,
  errorFacts: (body: unknown) => ErrorFacts | undefined,
): AlibabaDecoders => ({
  decodeSubmit: (reply) =>
    decodeReply({ gateway, operation: "submit", success: AlibabaSubmitReply, errorFacts })(reply).pipe(
      Effect.map((body): SubmitReceipt => ({ taskId: body.output.task_id, gateway })),
    ),
  decodeQuery: (taskId, reply) =>
    decodeReply({ gateway, operation: "query", success: AlibabaQueryReply, errorFacts })(reply).pipe(
      Effect.flatMap((body): Effect.Effect<TaskSnapshot, MalformedReply> => {
        const status = alibabaStatus(body)
        return status === undefined
          ? Effect.fail(malformed(gateway, "query", reply.status, reply.body, "SUCCEEDED without output.video_url"))
          : Effect.succeed({ taskId, gateway, status, rawStatus: body.output.task_status })
      }),
    ),
})
