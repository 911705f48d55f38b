import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { GatewayFailure, MalformedReply } from "../domain/Errors.js"
import type { GatewayName } from "../domain/Gateway.js"
import type { SubmitReceipt, TaskSnapshot, TaskStatus } from "../domain/TaskStatus.js"
import type { NormalizedRequest, VideoKind } from "../domain/VideoRequest.js"
import { codeText, decodeReply, LooseCode, malformed, nullable, readErrorFacts } from "./decodeReply.js"
import { modelId } from "./modelId.js"
import { type Dialect, type SubmitOptions, type WireReply, type WireRequest, type DeclaredCapabilities, makeDialect } from "./Dialect.js"
import { decodeBody } from "./wire.js"

const gateway: GatewayName = "acedata"

export const acedataCapabilities: DeclaredCapabilities = {
  gateway,
  models: {
    "text-to-video": ["1.0", "1.1"],
    "image-to-video": ["1.0", "1.1"],
    "reference-to-video": ["1.0", "1.1"],
    "video-edit": ["1.0"],
  },
  ratios: ["16:9", "9:16", "1:1", "4:3", "3:4", "4:5", "5:4", "9:21", "21:9"],
  seed: { min: 0, max: 2147483647 },
  batchQuery: 50,
  sources: [
    "actions, models 1.0/1.1, edit 1.0 only, callback_url, async: seed 004 [V]",
    "seed 0..2147483647, accept application/x-ndjson: seed 003 [V]",
    "the nine ratios: the model's ratio list [I]",
    "retrieve_batch of up to 50 ids: gateways.md D [V]",
    "NDJSON line shape: AceData's other generators [I]",
  ],
}

const action: Readonly<Record<VideoKind, string>> = {
  "text-to-video": "generate",
  "image-to-video": "image_to_video",
  "reference-to-video": "reference_to_video",
  "video-edit": "video_edit",
}

export const encodeAcedataBody = (request: NormalizedRequest, options: SubmitOptions): Record<string, unknown> => ({
  action: action[request.kind],
  model: modelId(request),
  ...(request.prompt === undefined ? {} : { prompt: request.prompt }),
  ...(request.kind === "image-to-video" && request.image !== undefined ? { image_url: request.image } : {}),
  ...(request.kind !== "image-to-video" && request.images.length > 0 ? { image_urls: request.images } : {}),
  ...(request.kind === "video-edit" && request.video !== undefined ? { video_url: request.video } : {}),
  resolution: request.resolution,
  ...(request.ratio === undefined ? {} : { ratio: request.ratio }),
  ...(request.duration === undefined ? {} : { duration: request.duration }),
  watermark: request.watermark,
  ...(request.audio === undefined ? {} : { audio_setting: request.audio === "keep" ? "origin" : "auto" }),
  ...(request.seed === undefined ? {} : { seed: request.seed }),
  ...(request.callbackUrl === undefined ? {} : { callback_url: request.callbackUrl }),
  // Without async (and without a callback) the call blocks until the video is done; only a
  // stream may hold the connection that long.
  ...(options.stream ? {} : { async: true }),
})

export const AcedataError = Schema.Struct({
  error: Schema.Struct({ code: nullable(LooseCode), message: nullable(Schema.String) }),
  trace_id: nullable(Schema.String),
})

const errorFacts = readErrorFacts(AcedataError, ({ error, trace_id }) => ({
  code: codeText(error.code),
  message: error.message ?? undefined,
  requestId: trace_id ?? undefined,
}))

const rules = { forbiddenIsContent: true } as const

export const AcedataItem = Schema.Struct({
  id: nullable(Schema.String),
  state: Schema.String,
  video_url: nullable(Schema.String),
  duration: nullable(Schema.Number),
  resolution: nullable(Schema.String),
})

/** The blocking reply, each NDJSON line, the callback body and a retrieve's `response`. */
export const AcedataResult = Schema.Struct({
  success: nullable(Schema.Boolean),
  task_id: nullable(Schema.String),
  trace_id: nullable(Schema.String),
  data: nullable(Schema.Array(AcedataItem)),
  error: nullable(Schema.Struct({ code: nullable(LooseCode), message: nullable(Schema.String) })),
})
export type AcedataResult = typeof AcedataResult.Type

/** The submit reply: the blocking result, or only `{task_id}` with async or a callback. */
export const AcedataSubmitReply = Schema.Struct({
  ...AcedataResult.fields,
  task_id: Schema.String,
})

export const AcedataTask = Schema.Struct({
  id: Schema.String,
  started_at: nullable(Schema.Union(Schema.Number, Schema.String)),
  response: nullable(AcedataResult),
})
export type AcedataTask = typeof AcedataTask.Type

export const AcedataBatch = Schema.Struct({
  items: Schema.Array(AcedataTask),
  count: nullable(Schema.Number),
})

interface Reading {
  readonly status: TaskStatus
  readonly rawStatus: string
}

/** Read a result; `string` is why it cannot be read. */
export const acedataReading = (result: AcedataResult, started: boolean): Reading | string => {
  const item = result.data?.[0]
  if (item === undefined) {
    const error = result.error
    if (error === null || error === undefined) return "no data[0] and no error"
    const code = codeText(error.code)
    return {
      status: { _tag: "Failed", reason: error.message ?? "the task failed", ...(code === undefined ? {} : { code }) },
      rawStatus: "error",
    }
  }
  const rawStatus = item.state
  switch (item.state) {
    case "pending":
      return { status: started ? { _tag: "Running" } : { _tag: "Queued" }, rawStatus }
    case "running":
      return { status: { _tag: "Running" }, rawStatus }
    case "succeeded": {
      if (item.video_url === null || item.video_url === undefined || item.video_url.length === 0) {
        return "succeeded without data[0].video_url"
      }
      return {
        status: {
          _tag: "Succeeded",
          videoUrl: item.video_url,
          ...(item.duration === null || item.duration === undefined ? {} : { duration: item.duration }),
          ...(item.resolution === null || item.resolution === undefined ? {} : { resolution: item.resolution }),
        },
        rawStatus,
      }
    }
    case "error": {
      const code = codeText(result.error?.code)
      return {
        status: { _tag: "Failed", reason: result.error?.message ?? "the task failed", ...(code === undefined ? {} : { code }) },
        rawStatus,
      }
    }
    default:
      return { status: { _tag: "Unknown", raw: item.state }, rawStatus }
  }
}

const snapshot = (
  operation: string,
  reply: WireReply,
  taskId: string,
  reading: Reading | string,
): Effect.Effect<TaskSnapshot, MalformedReply> =>
  typeof reading === "string"
    ? Effect.fail(malformed(gateway, operation, reply.status, reply.body, reading))
    : Effect.succeed({ taskId, gateway, status: reading.status, rawStatus: reading.rawStatus })

/** A retrieve with no response yet is still waiting in AceData's queue. */
const taskReading = (task: AcedataTask): Reading | string => {
  const started = task.started_at !== null && task.started_at !== undefined
  return task.response === null || task.response === undefined
    ? { status: { _tag: "Queued" }, rawStatus: "pending" }
    : acedataReading(task.response, started)
}

const decodeResultLine =
  (operation: string) =>
  (reply: WireReply): Effect.Effect<TaskSnapshot, GatewayFailure> =>
    decodeReply({ gateway, operation, success: AcedataSubmitReply, errorFacts, rules })(reply).pipe(
      Effect.flatMap((result) => snapshot(operation, reply, result.task_id, acedataReading(result, false))),
    )

const tasksRequest = (body: unknown): WireRequest => ({
  method: "POST",
  path: "/happyhorse/tasks",
  headers: { accept: "application/json" },
  body,
})

export const acedata: Dialect = makeDialect({
  name: gateway,
  defaultBaseUrl: "https://api.acedata.cloud",
  offers: acedataCapabilities,
  authHeaders: (apiKey) => ({ authorization: `Bearer ${Redacted.value(apiKey)}` }),
  errorFacts,
  encodeSubmit: (request, options) => ({
    method: "POST",
    path: "/happyhorse/videos",
    headers: { accept: options.stream ? "application/x-ndjson" : "application/json" },
    body: encodeAcedataBody(request, options),
  }),
  decodeSubmit: (reply) =>
    decodeReply({ gateway, operation: "submit", success: AcedataSubmitReply, errorFacts, rules })(reply).pipe(
      Effect.flatMap((result): Effect.Effect<SubmitReceipt, MalformedReply> => {
        // `{task_id}` alone is the async receipt; with data it is a finished blocking reply.
        if (result.data === null || result.data === undefined) return Effect.succeed({ taskId: result.task_id, gateway })
        return snapshot("submit", reply, result.task_id, acedataReading(result, false)).pipe(
          Effect.map((snap) => ({ taskId: result.task_id, gateway, snapshot: snap })),
        )
      }),
    ),
  encodeQuery: (taskId) => tasksRequest({ id: taskId, action: "retrieve" }),
  decodeQuery: (taskId, reply) =>
    decodeReply({ gateway, operation: "query", success: AcedataTask, errorFacts, rules })(reply).pipe(
      Effect.flatMap((task) => snapshot("query", reply, taskId, taskReading(task))),
    ),
  encodeBatchQuery: (taskIds) => tasksRequest({ ids: taskIds, action: "retrieve_batch" }),
  decodeBatchQuery: (reply) =>
    decodeReply({ gateway, operation: "batch query", success: AcedataBatch, errorFacts, rules })(reply).pipe(
      Effect.flatMap((batch) =>
        Effect.forEach(batch.items, (task) => snapshot("batch query", reply, task.id, taskReading(task))),
      ),
    ),
  decodeStreamLine: (line) => decodeResultLine("stream")({ status: 200, headers: {}, body: line }),
  decodeCallback: (body) => {
    // A callback has no HTTP status of its own; 200 marks it as a delivered body.
    const reply: WireReply = { status: 200, headers: {}, body }
    return decodeBody(AcedataSubmitReply, gateway, "callback")(reply).pipe(
      Effect.flatMap((result) => snapshot("callback", reply, result.task_id, acedataReading(result, false))),
    )
  },
})
