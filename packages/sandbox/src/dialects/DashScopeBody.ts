import * as Schema from "effect/Schema"
import type { Task, TaskKind, TaskSpec, TaskView } from "../domain/Task.js"
import { frameSize } from "../domain/Geometry.js"
import { json, wireError, type Reply, type RequestContext, type WireError } from "../http/Wire.js"
import { admit, assumedInputSeconds, dashTime, editOutputSeconds, fileUrl, promptFits, type SandboxEnv } from "../SandboxEnv.js"
import { readJsonBody } from "./Common.js"
import { IntRange, Url, decodeStrict } from "./Decode.js"

// The DashScope body that ttapi forwards and DashScope itself takes:
// {model, input:{prompt, media:[{type, url}]}, parameters:{resolution, ratio, duration, watermark, seed, audio_setting}}.

export const DASH_MODELS: Record<string, TaskKind> = {
  "happyhorse-1.0-t2v": "t2v",
  "happyhorse-1.1-t2v": "t2v",
  "happyhorse-1.0-i2v": "i2v",
  "happyhorse-1.1-i2v": "i2v",
  "happyhorse-1.0-r2v": "r2v",
  "happyhorse-1.1-r2v": "r2v",
  "happyhorse-1.0-video-edit": "edit",
}

const Media = Schema.Struct({
  type: Schema.Literal("first_frame", "reference_image", "video"),
  url: Url,
})

export const DashScopeSubmit = Schema.Struct({
  model: Schema.String,
  input: Schema.Struct({
    prompt: Schema.optional(Schema.String),
    media: Schema.optional(Schema.Array(Media)),
  }),
  parameters: Schema.optional(
    Schema.Struct({
      resolution: Schema.optional(Schema.Literal("720P", "1080P")),
      ratio: Schema.optional(Schema.Literal("16:9", "9:16", "1:1", "4:3", "3:4")),
      duration: Schema.optional(IntRange(3, 15)),
      watermark: Schema.optional(Schema.Boolean),
      seed: Schema.optional(IntRange(0, 2147483647)),
      audio_setting: Schema.optional(Schema.Literal("auto", "origin")),
    }),
  ),
})
export type DashScopeSubmit = typeof DashScopeSubmit.Type

export type SpecResult = { readonly ok: true; readonly spec: TaskSpec } | { readonly ok: false; readonly error: WireError }

/** Decodes and checks a DashScope-style body; `operation` pins the kind on per-operation paths. */
export const dashScopeSpec = (env: SandboxEnv, body: unknown, operation: TaskKind | undefined): SpecResult => {
  const decoded = decodeStrict(DashScopeSubmit, body)
  if (!decoded.ok) return decoded
  const req = decoded.value
  const kind = DASH_MODELS[req.model]
  if (kind === undefined) return { ok: false, error: wireError("invalid", `Model not exist: ${req.model}`, "model") }
  if (operation !== undefined && kind !== operation) {
    return { ok: false, error: wireError("invalid", `Model ${req.model} does not match this endpoint`, "model") }
  }
  const prompt = req.input.prompt ?? ""
  const media = req.input.media ?? []
  const count = (type: string) => media.filter((m) => m.type === type).length
  const fail = (message: string, param: string): SpecResult => ({ ok: false, error: wireError("invalid", message, param) })
  if (!promptFits(prompt)) return fail("input.prompt exceeds 5000 characters (2500 Chinese)", "input.prompt")
  if (kind !== "i2v" && prompt.trim().length === 0) return fail("input.prompt is required", "input.prompt")
  if (kind === "t2v" && media.length > 0) return fail("input.media is not supported for text-to-video", "input.media")
  if (kind === "i2v" && (count("first_frame") !== 1 || media.length !== 1)) {
    return fail("input.media must hold exactly one first_frame image", "input.media")
  }
  if (kind === "r2v" && (count("reference_image") < 1 || count("reference_image") > 9 || media.length !== count("reference_image"))) {
    return fail("input.media must hold 1-9 reference_image items", "input.media")
  }
  if (kind === "edit" && (count("video") !== 1 || count("reference_image") > 5 || count("first_frame") > 0)) {
    return fail("input.media must hold one video and 0-5 reference_image items", "input.media")
  }
  const params = req.parameters ?? {}
  const videoUrl = media.find((m) => m.type === "video")?.url
  const inputSeconds = kind === "edit" && videoUrl !== undefined ? assumedInputSeconds(env, videoUrl) : 0
  return {
    ok: true,
    spec: {
      kind,
      model: req.model,
      prompt,
      resolution: params.resolution ?? "1080P",
      // i2v follows the first frame; we never fetch it, so 16:9 stands in.
      ratio: kind === "i2v" ? "16:9" : (params.ratio ?? "16:9"),
      outputSeconds: kind === "edit" ? editOutputSeconds(inputSeconds) : (params.duration ?? 5),
      inputSeconds,
      watermark: params.watermark ?? true,
      seed: params.seed,
      callbackUrl: undefined,
    },
  }
}

const DASH_STATUS = { queued: "PENDING", running: "RUNNING", succeeded: "SUCCEEDED", failed: "FAILED" } as const

/** The query reply shared by ttapi and DashScope. */
export const dashScopeTaskReply = (env: SandboxEnv, view: TaskView, requestId: string): unknown => {
  const task: Task = view.task
  const output: Record<string, unknown> = {
    task_id: task.id,
    task_status: DASH_STATUS[view.state],
    submit_time: dashTime(task.createdAt),
  }
  if (view.startedAt !== undefined) output["scheduled_time"] = dashTime(view.startedAt)
  if (view.finishedAt !== undefined) output["end_time"] = dashTime(view.finishedAt)
  if (view.state === "succeeded") {
    output["orig_prompt"] = task.spec.prompt
    output["video_url"] = fileUrl(env, task)
  }
  if (view.state === "failed" && !task.outcome.ok) {
    output["code"] = task.outcome.code
    output["message"] = task.outcome.message
  }
  const reply: Record<string, unknown> = { request_id: requestId, output }
  if (view.state === "succeeded") {
    const { width, height } = frameSize(task.spec.resolution, task.spec.ratio)
    reply["usage"] = {
      duration: task.spec.outputSeconds + task.spec.inputSeconds,
      input_video_duration: task.spec.inputSeconds,
      output_video_duration: task.spec.outputSeconds,
      video_count: 1,
      SR: Math.min(width, height),
      ratio: task.spec.ratio,
    }
  }
  return reply
}

export const unknownTaskReply = (taskId: string, requestId: string): unknown => ({
  request_id: requestId,
  output: { task_id: taskId, task_status: "UNKNOWN" },
})

/** The submit ttapi and DashScope both answer: read, check and admit a DashScope body; errors in the caller's shape. */
export const submitDashScopeBody = async (
  ctx: RequestContext,
  env: SandboxEnv,
  dialect: "ttapi" | "dashscope",
  operation: TaskKind | undefined,
  fail: (error: WireError) => Reply,
): Promise<Reply> => {
  const body = await readJsonBody(ctx)
  if (!body.ok) return fail(body.error)
  const spec = dashScopeSpec(env, body.value, operation)
  if (!spec.ok) return fail(spec.error)
  const admitted = admit(env, { dialect, apiKey: ctx.apiKey, spec: spec.spec, request: body.value, id: env.ids.uuid() })
  if (!admitted.ok) return fail(admitted.error)
  ctx.note.taskId = admitted.task.id
  return json(200, { request_id: env.ids.uuid(), output: { task_id: admitted.task.id, task_status: "PENDING" } })
}

/** The task read ttapi and DashScope both answer. Expired, unknown or another key's ids answer UNKNOWN, as documented. */
export const readDashScopeTask = (ctx: RequestContext, env: SandboxEnv, id: string): Reply => {
  ctx.note.kind = "poll"
  ctx.note.taskId = id
  const task = env.book.live(id)
  if (task === undefined || task.apiKey !== ctx.apiKey) return json(200, unknownTaskReply(id, env.ids.uuid()))
  return json(200, dashScopeTaskReply(env, env.book.view(task), env.ids.uuid()))
}
