import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { MalformedReply } from "../domain/Errors.js"
import type { SubmitReceipt, TaskSnapshot, TaskStatus } from "../domain/TaskStatus.js"
import type { NormalizedRequest } from "../domain/VideoRequest.js"
import { codeText, decodeReply, LooseCode, malformed, nullable, parseProgress, segment } from "./decodeReply.js"
import { modelId } from "./modelId.js"
import { openAiErrorFacts as errorFacts } from "./openAiError.js"
import { type Dialect, type WireReply, type DeclaredCapabilities, makeDialect } from "./Dialect.js"
import { decodeBody } from "./wire.js"

export const evolinkCapabilities: DeclaredCapabilities = {
  gateway: "evolink",
  models: {
    "text-to-video": ["1.0", "1.1"],
    "image-to-video": ["1.0", "1.1"],
    "reference-to-video": ["1.0", "1.1"],
    "video-edit": ["1.0"],
  },
  ratios: ["16:9", "9:16", "1:1", "4:3", "3:4", "4:5", "5:4", "9:21", "21:9"],
  seed: { min: 1, max: 2147483647 },
  batchQuery: 0,
  sources: [
    "models 1.0/1.1 per kind, edit 1.0 only: gateways.md C [V]",
    "seed 1..2147483647, HTTPS callback_url: seed 002 [V]",
    "the nine ratios: the model's ratio list [I]",
    "no NDJSON, batch query, content endpoint; can_cancel is reported but no cancel call is documented: gateways.md C [V]",
  ],
}

export const encodeEvolinkBody = (request: NormalizedRequest): Record<string, unknown> => {
  const imageUrls =
    request.kind === "image-to-video" ? (request.image === undefined ? [] : [request.image]) : request.images
  return {
    model: modelId(request, "spelled-out"),
    ...(request.prompt === undefined ? {} : { prompt: request.prompt }),
    ...(imageUrls.length === 0 ? {} : { image_urls: imageUrls }),
    ...(request.kind === "video-edit" && request.video !== undefined ? { video_urls: [request.video] } : {}),
    // EvoLink alone spells the tier in lower case.
    quality: request.resolution.toLowerCase(),
    ...(request.ratio === undefined ? {} : { aspect_ratio: request.ratio }),
    ...(request.duration === undefined ? {} : { duration: request.duration }),
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    ...(request.audio === undefined ? {} : { keep_original_sound: request.audio === "keep" }),
    ...(request.callbackUrl === undefined ? {} : { callback_url: request.callbackUrl }),
  }
}

/** The receipt, the query reply and the callback body share this shape. */
export const EvolinkTask = Schema.Struct({
  id: Schema.String,
  status: Schema.String,
  progress: nullable(Schema.Number),
  results: nullable(Schema.Array(Schema.String)),
  error: nullable(Schema.Struct({ code: nullable(LooseCode), message: nullable(Schema.String) })),
})
export type EvolinkTask = typeof EvolinkTask.Type

/** `undefined` when it claims completion without a result. */
export const evolinkStatus = (task: EvolinkTask): TaskStatus | undefined => {
  switch (task.status) {
    case "pending":
      return { _tag: "Queued" }
    case "processing": {
      const progress = parseProgress(task.progress)
      return { _tag: "Running", ...(progress === undefined ? {} : { progress }) }
    }
    case "completed": {
      const url = task.results?.[0]
      return url === undefined || url.length === 0 ? undefined : { _tag: "Succeeded", videoUrl: url }
    }
    case "failed": {
      const code = codeText(task.error?.code)
      return {
        _tag: "Failed",
        reason: task.error?.message ?? "the task failed",
        ...(code === undefined || code.length === 0 ? {} : { code }),
      }
    }
    case "cancelled":
      return { _tag: "Canceled" }
    default:
      return { _tag: "Unknown", raw: task.status }
  }
}

const snapshotOf =
  (operation: string, reply: WireReply, taskId: string) =>
  (task: EvolinkTask): Effect.Effect<TaskSnapshot, MalformedReply> => {
    const status = evolinkStatus(task)
    return status === undefined
      ? Effect.fail(malformed("evolink", operation, reply.status, reply.body, "completed without results[0]"))
      : Effect.succeed({ taskId, gateway: "evolink", status, rawStatus: task.status })
  }

export const evolink: Dialect = makeDialect({
  name: "evolink",
  defaultBaseUrl: "https://api.evolink.ai",
  offers: evolinkCapabilities,
  authHeaders: (apiKey) => ({ Authorization: `Bearer ${Redacted.value(apiKey)}` }),
  errorFacts,
  encodeSubmit: (request) => ({ method: "POST", path: "/v1/videos/generations", body: encodeEvolinkBody(request) }),
  decodeSubmit: (reply) =>
    decodeReply({ gateway: "evolink", operation: "submit", success: EvolinkTask, errorFacts })(reply).pipe(
      Effect.map((task): SubmitReceipt => ({ taskId: task.id, gateway: "evolink" })),
    ),
  encodeQuery: (taskId) => ({ method: "GET", path: `/v1/tasks/${segment(taskId)}` }),
  decodeQuery: (taskId, reply) =>
    decodeReply({ gateway: "evolink", operation: "query", success: EvolinkTask, errorFacts })(reply).pipe(
      Effect.flatMap((task) => snapshotOf("query", reply, taskId)(task)),
    ),
  decodeCallback: (body) => {
    // A callback has no HTTP status of its own; 200 marks it as a delivered body.
    const reply: WireReply = { status: 200, headers: {}, body }
    return decodeBody(EvolinkTask, "evolink", "callback")(reply).pipe(
      Effect.flatMap((task) => snapshotOf("callback", reply, task.id)(task)),
    )
  },
})
