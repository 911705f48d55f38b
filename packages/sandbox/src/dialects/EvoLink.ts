import * as Schema from "effect/Schema"
import { checkCallbackUrl } from "../domain/CallbackPolicy.js"
import type { TaskKind, TaskSpec, TaskView } from "../domain/Task.js"
import { bearer, json, retryAfter, wireError, type Reply, type RequestContext, type WireError } from "../http/Wire.js"
import { admit, assumedInputSeconds, editOutputSeconds, fileUrl, truncatePrompt, type SandboxEnv } from "../SandboxEnv.js"
import { pathId, readJsonBody } from "./Common.js"
import { IntRange, Url, decodeStrict } from "./Decode.js"
import type { Dialect } from "./Dialect.js"

// EvoLink: POST /v1/videos/generations, GET /v1/tasks/{id}, lowercase quality, callbacks with retries.

const MODELS: Record<string, TaskKind> = {
  "happyhorse-1.0-text-to-video": "t2v",
  "happyhorse-1.0-image-to-video": "i2v",
  "happyhorse-1.0-reference-to-video": "r2v",
  "happyhorse-1.0-video-edit": "edit",
  "happyhorse-1.1-text-to-video": "t2v",
  "happyhorse-1.1-image-to-video": "i2v",
  "happyhorse-1.1-reference-to-video": "r2v",
}

const Quality = Schema.Literal("720p", "1080p")

const Submit = Schema.Struct({
  model: Schema.String,
  prompt: Schema.optional(Schema.String),
  image_urls: Schema.optional(Schema.Array(Url)),
  video_urls: Schema.optional(Schema.Array(Url)),
  quality: Schema.optional(Quality),
  // The i2v seed page names the field "resolution"; the live docs say "quality". Both are accepted.
  resolution: Schema.optional(Quality),
  aspect_ratio: Schema.optional(Schema.Literal("16:9", "9:16", "1:1", "4:3", "3:4")),
  duration: Schema.optional(IntRange(3, 15)),
  seed: Schema.optional(IntRange(1, 2147483647)),
  keep_original_sound: Schema.optional(Schema.Boolean),
  callback_url: Schema.optional(Schema.String),
})
type Submit = typeof Submit.Type

const CODES: Record<WireError["kind"], readonly [number, string, string]> = {
  invalid: [400, "invalid_parameter", "invalid_request_error"],
  unauthorized: [401, "invalid_api_key", "authentication_error"],
  no_balance: [402, "insufficient_quota", "insufficient_quota_error"],
  rejected: [403, "content_policy_violation", "content_policy_error"],
  rate_limited: [429, "rate_limit_exceeded", "rate_limit_error"],
  server: [500, "internal_error", "api_error"],
  not_found: [404, "task_not_found", "invalid_request_error"],
  unsupported: [400, "unsupported", "invalid_request_error"],
}

const error = (e: WireError): Reply => {
  const [status, code, type] = CODES[e.kind]
  return json(
    status,
    {
      error: {
        code,
        message: e.message,
        type,
        param: e.param ?? null,
        fallback_suggestion: null,
      },
    },
    retryAfter(e),
  )
}

type SpecResult = { readonly ok: true; readonly spec: TaskSpec } | { readonly ok: false; readonly error: WireError }

const toSpec = (env: SandboxEnv, req: Submit): SpecResult => {
  const fail = (message: string, param: string): SpecResult => ({ ok: false, error: wireError("invalid", message, param) })
  const kind = MODELS[req.model]
  if (kind === undefined) return fail(`Unsupported model: ${req.model}`, "model")
  const prompt = truncatePrompt(req.prompt ?? "")
  const images = req.image_urls ?? []
  const videos = req.video_urls ?? []
  if (req.quality !== undefined && req.resolution !== undefined) return fail("Pass quality or resolution, not both", "resolution")
  if (kind !== "i2v" && prompt.trim().length === 0) return fail("prompt is required", "prompt")
  if (kind === "t2v" && (images.length > 0 || videos.length > 0)) return fail("text-to-video takes no image_urls", "image_urls")
  if (kind === "i2v" && images.length !== 1) return fail("image_urls must hold exactly one first-frame image", "image_urls")
  if (kind === "i2v" && req.aspect_ratio !== undefined) return fail("aspect_ratio is not supported for image-to-video", "aspect_ratio")
  if (kind === "r2v" && (images.length < 1 || images.length > 9)) return fail("image_urls must hold 1-9 images", "image_urls")
  if (kind === "edit" && videos.length !== 1) return fail("video_urls must hold exactly one video", "video_urls")
  if (kind === "edit" && images.length > 5) return fail("image_urls must hold at most 5 images for video edit", "image_urls")
  if (kind !== "edit" && videos.length > 0) return fail("video_urls is for video edit only", "video_urls")
  if (kind !== "edit" && req.keep_original_sound !== undefined) return fail("keep_original_sound is for video edit only", "keep_original_sound")
  if (req.callback_url !== undefined) {
    const verdict = checkCallbackUrl(req.callback_url, env.testMode)
    if (!verdict.ok) return fail(verdict.message, "callback_url")
  }
  const inputSeconds = kind === "edit" && videos[0] !== undefined ? assumedInputSeconds(env, videos[0]) : 0
  const quality = req.quality ?? req.resolution ?? "720p"
  return {
    ok: true,
    spec: {
      kind,
      model: req.model,
      prompt,
      resolution: quality === "1080p" ? "1080P" : "720P",
      ratio: kind === "i2v" ? "16:9" : (req.aspect_ratio ?? "16:9"),
      outputSeconds: kind === "edit" ? editOutputSeconds(inputSeconds) : (req.duration ?? 5),
      inputSeconds,
      watermark: false,
      seed: req.seed,
      callbackUrl: req.callback_url,
    },
  }
}

const STATUS = { queued: "pending", running: "processing", succeeded: "completed", failed: "failed" } as const

const taskReply = (env: SandboxEnv, view: TaskView): unknown => {
  const task = view.task
  const reply: Record<string, unknown> = {
    id: task.id,
    created: Math.floor(task.createdAt / 1000),
    model: task.spec.model,
    object: "video.generation.task",
    progress: view.progress,
    status: STATUS[view.state],
    task_info: {
      can_cancel: view.state === "queued",
      estimated_time: Math.max(0, Math.round((task.createdAt + task.timeline.totalMs - env.clock.now()) / 1000)),
      video_duration: task.spec.outputSeconds,
    },
    type: "video",
    usage: {
      billing_rule: "per_second",
      credits_reserved: task.spec.outputSeconds + task.spec.inputSeconds,
      user_group: "default",
    },
  }
  if (view.state === "succeeded") reply["results"] = [fileUrl(env, task)]
  if (view.state === "failed" && !task.outcome.ok) reply["error"] = { code: task.outcome.code, message: task.outcome.message }
  return reply
}

const submit = async (ctx: RequestContext, env: SandboxEnv): Promise<Reply> => {
  ctx.note.kind = "submit"
  const body = await readJsonBody(ctx)
  if (!body.ok) return error(body.error)
  const decoded = decodeStrict(Submit, body.value)
  if (!decoded.ok) return error(decoded.error)
  const spec = toSpec(env, decoded.value)
  if (!spec.ok) return error(spec.error)
  const id = `task-unified-${Math.floor(env.clock.now() / 1000)}-${env.ids.alnum(8)}`
  const admitted = admit(env, { dialect: "evolink", apiKey: ctx.apiKey, spec: spec.spec, request: body.value, id })
  if (!admitted.ok) return error(admitted.error)
  ctx.note.taskId = id
  if (spec.spec.callbackUrl !== undefined) {
    env.callbacks.register(admitted.task, spec.spec.callbackUrl, "evolink", (task) => taskReply(env, env.book.view(task)))
  }
  return json(200, taskReply(env, env.book.view(admitted.task)))
}

export const evolink: Dialect = {
  name: "evolink",
  apiKey: bearer,
  error,
  handle: async (ctx, env) => {
    if (ctx.method === "POST" && ctx.path === "/v1/videos/generations") return submit(ctx, env)
    const id = ctx.method === "GET" ? pathId(ctx.path, "/v1/tasks/") : undefined
    if (id !== undefined) {
      ctx.note.kind = "poll"
      ctx.note.taskId = id
      const task = env.book.live(id)
      if (task === undefined || task.apiKey !== ctx.apiKey) return error(wireError("not_found", `Task ${id} not found`, "task_id"))
      return json(200, taskReply(env, env.book.view(task)))
    }
    return error(wireError("not_found", "Not Found"))
  },
}
