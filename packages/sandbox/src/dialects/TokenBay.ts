import * as Schema from "effect/Schema"
import type { TaskKind, TaskSpec, TaskView } from "../domain/Task.js"
import { frameSize } from "../domain/Geometry.js"
import { bearer, header, json, retryAfter, wireError, type Reply, type RequestContext, type WireError } from "../http/Wire.js"
import { admit, fileUrl, promptFits, renderTask, type SandboxEnv } from "../SandboxEnv.js"
import { pathId, readJsonBody } from "./Common.js"
import { IntRange, Url, decodeStrict, type Decoded } from "./Decode.js"
import type { Dialect } from "./Dialect.js"

// TokenBay (new-api): OpenAI-compatible /v1/videos plus the /v1/video/generations alias.
// Business failures are HTTP 200 with {error:{message, type, code}}.

const MODELS: Record<string, TaskKind> = {
  "happyhorse-1.0-t2v": "t2v",
  "happyhorse-1.0-i2v": "i2v",
  "happyhorse-1.0-r2v": "r2v",
}

const RATIOS = ["16:9", "9:16", "1:1", "4:3", "3:4", "4:5", "5:4", "9:21", "21:9"] as const

const Submit = Schema.Struct({
  model: Schema.String,
  prompt: Schema.optional(Schema.String),
  size: Schema.optional(Schema.Literal("720P", "1080P")),
  duration: Schema.optional(IntRange(3, 15)),
  input_reference: Schema.optional(Url),
  metadata: Schema.optional(
    Schema.Struct({
      ratio: Schema.optional(Schema.Literal(...RATIOS)),
      watermark: Schema.optional(Schema.Boolean),
      seed: Schema.optional(IntRange(0, 2147483647)),
      reference_type: Schema.optional(Schema.Literal("subject", "style")),
      input: Schema.optional(
        Schema.Struct({
          media: Schema.optional(
            Schema.Array(
              Schema.Struct({
                type: Schema.optional(Schema.Literal("reference_image", "video", "first_frame")),
                url: Schema.optional(Url),
              }),
            ),
          ),
        }),
      ),
    }),
  ),
})
type Submit = typeof Submit.Type

const CODES: Record<WireError["kind"], readonly [number, string, string]> = {
  invalid: [200, "invalid_request_error", "invalid_request"],
  unauthorized: [401, "new_api_error", ""],
  no_balance: [200, "new_api_error", "insufficient_user_quota"],
  rejected: [200, "new_api_error", "sensitive_words_detected"],
  rate_limited: [429, "new_api_error", "rate_limit_exceeded"],
  server: [500, "new_api_error", "do_request_failed"],
  not_found: [404, "invalid_request_error", "task_not_exist"],
  unsupported: [200, "invalid_request_error", "unsupported"],
}

const error = (e: WireError): Reply => {
  const [status, type, code] = CODES[e.kind]
  return json(status, { error: { message: e.message, type, code } }, retryAfter(e))
}

/** Multipart as sent by OpenAI's SDK: strings, a JSON `metadata`, `seconds` for duration, files for images. */
const multipartToObject = async (ctx: RequestContext, buffer: Buffer): Promise<Decoded<Record<string, unknown>>> => {
  let form: FormData
  try {
    const headers = new Headers()
    headers.set("content-type", header(ctx.headers, "content-type") ?? "")
    form = await new Request("http://sandbox.local/", { method: "POST", headers, body: new Uint8Array(buffer) }).formData()
  } catch {
    return { ok: false, error: wireError("invalid", "Malformed multipart body") }
  }
  const out: Record<string, unknown> = {}
  const metadata: Record<string, unknown> = {}
  const entries: Array<readonly [string, FormDataEntryValue]> = []
  form.forEach((value, name) => {
    entries.push([name, value])
  })
  for (const [name, value] of entries) {
    if (typeof value !== "string") {
      // An uploaded first frame: we keep a stand-in URL, since the bytes are not used.
      if (name === "input_reference") out[name] = `https://upload.sandbox.invalid/${encodeURIComponent(value.name || "image")}`
      else return { ok: false, error: wireError("invalid", `Unknown parameter: ${name}`, name) }
      continue
    }
    const meta = /^metadata\[(\w+)\]$/.exec(name)
    if (meta?.[1] !== undefined) {
      const key = meta[1]
      metadata[key] = key === "seed" ? Number(value) : key === "watermark" ? value === "true" : value
    } else if (name === "metadata") {
      try {
        Object.assign(metadata, JSON.parse(value))
      } catch {
        return { ok: false, error: wireError("invalid", "metadata must be a JSON object", "metadata") }
      }
    } else if (name === "duration" || name === "seconds") {
      out["duration"] = /^\d+$/.test(value) ? Number(value) : value
    } else out[name] = value
  }
  if (Object.keys(metadata).length > 0) out["metadata"] = metadata
  return { ok: true, value: out }
}

const toSpec = (req: Submit): { readonly ok: true; readonly spec: TaskSpec } | { readonly ok: false; readonly error: WireError } => {
  const kind = MODELS[req.model]
  const fail = (message: string, param: string) => ({ ok: false, error: wireError("invalid", message, param) }) as const
  if (kind === undefined) return fail(`model ${req.model} is not supported for video generation`, "model")
  const prompt = req.prompt ?? ""
  const media = req.metadata?.input?.media ?? []
  if (!promptFits(prompt)) return fail("prompt exceeds 5000 characters (2500 Chinese)", "prompt")
  if (kind !== "i2v" && prompt.trim().length === 0) return fail("prompt is required", "prompt")
  if (kind === "t2v" && (req.input_reference !== undefined || media.length > 0)) {
    return fail("text-to-video takes no input images", "input_reference")
  }
  if (kind === "i2v") {
    const images = (req.input_reference === undefined ? 0 : 1) + media.length
    if (images !== 1) return fail("image-to-video needs exactly one first-frame image", "input_reference")
  }
  if (kind === "r2v" && (media.length < 1 || media.length > 9)) {
    return fail("reference-to-video needs 1-9 items in metadata.input.media", "metadata.input.media")
  }
  if (kind !== "r2v" && req.metadata?.reference_type !== undefined) {
    return fail("reference_type is for r2v only", "metadata.reference_type")
  }
  return {
    ok: true,
    spec: {
      kind,
      model: req.model,
      prompt,
      resolution: req.size ?? "1080P",
      ratio: kind === "i2v" ? "16:9" : (req.metadata?.ratio ?? "16:9"),
      outputSeconds: req.duration ?? 5,
      inputSeconds: 0,
      watermark: req.metadata?.watermark ?? true,
      seed: req.metadata?.seed,
      callbackUrl: undefined,
    },
  }
}

const OPENAI_STATUS = { queued: "queued", running: "in_progress", succeeded: "completed", failed: "failed" } as const
const ALIAS_STATUS = { queued: "QUEUED", running: "IN_PROGRESS", succeeded: "SUCCESS", failed: "FAILURE" } as const

const seconds = (ms: number) => Math.floor(ms / 1000)

const openAiVideo = (env: SandboxEnv, view: TaskView): unknown => {
  const task = view.task
  const { width, height } = frameSize(task.spec.resolution, task.spec.ratio)
  return {
    id: task.id,
    task_id: task.id,
    object: "video",
    model: task.spec.model,
    status: OPENAI_STATUS[view.state],
    progress: view.progress,
    created_at: seconds(task.createdAt),
    completed_at: view.finishedAt === undefined ? null : seconds(view.finishedAt),
    expires_at: view.finishedAt === undefined ? null : seconds(view.finishedAt) + 86_400,
    seconds: String(task.spec.outputSeconds),
    size: `${width}x${height}`,
    metadata: view.state === "succeeded" ? { url: fileUrl(env, task) } : {},
    error: view.state === "failed" && !task.outcome.ok ? { message: task.outcome.message, code: task.outcome.code } : null,
  }
}

const aliasReply = (view: TaskView | undefined, id: string): unknown => {
  if (view === undefined) {
    return { code: "success", message: "", data: { task_id: id, status: "UNKNOWN", progress: "0%", fail_reason: "", result_url: "" } }
  }
  const task = view.task
  return {
    code: "success",
    message: "",
    data: {
      task_id: task.id,
      status: ALIAS_STATUS[view.state],
      progress: `${view.progress}%`,
      fail_reason: view.state === "failed" && !task.outcome.ok ? task.outcome.message : "",
      result_url: view.state === "succeeded" ? `/v1/videos/${task.id}/content` : "",
      submit_time: seconds(task.createdAt),
      finish_time: view.finishedAt === undefined ? 0 : seconds(view.finishedAt),
    },
  }
}

const submit = async (ctx: RequestContext, env: SandboxEnv): Promise<Reply> => {
  ctx.note.kind = "submit"
  const contentType = header(ctx.headers, "content-type") ?? ""
  let raw: Decoded<unknown>
  if (contentType.startsWith("multipart/form-data")) raw = await multipartToObject(ctx, await ctx.body())
  else raw = await readJsonBody(ctx)
  if (!raw.ok) return error(raw.error)
  const decoded = decodeStrict(Submit, raw.value)
  if (!decoded.ok) return error(decoded.error)
  const spec = toSpec(decoded.value)
  if (!spec.ok) return error(spec.error)
  const id = `task_${env.ids.alnum(24)}`
  const admitted = admit(env, { dialect: "tokenbay", apiKey: ctx.apiKey, spec: spec.spec, request: raw.value, id })
  if (!admitted.ok) return error(admitted.error)
  ctx.note.taskId = id
  return json(200, {
    id,
    task_id: id,
    object: "video",
    model: spec.spec.model,
    status: "QUEUED",
    progress: 0,
    created_at: seconds(admitted.task.createdAt),
  })
}

export const tokenbay: Dialect = {
  name: "tokenbay",
  apiKey: bearer,
  error,
  handle: async (ctx, env) => {
    if (ctx.method === "POST" && (ctx.path === "/v1/videos" || ctx.path === "/v1/video/generations")) return submit(ctx, env)
    if (ctx.method !== "GET") return error(wireError("not_found", "Invalid URL"))
    const contentId = pathId(ctx.path, "/v1/videos/", "/content")
    if (contentId !== undefined) {
      ctx.note.kind = "download"
      ctx.note.taskId = contentId
      const task = env.book.live(contentId)
      if (task === undefined || task.apiKey !== ctx.apiKey) return error(wireError("not_found", "task_not_exist"))
      const view = env.book.view(task)
      if (view.state !== "succeeded") {
        return json(400, { error: { message: "Video is not ready", type: "invalid_request_error", code: "video_not_ready" } })
      }
      const file = await renderTask(env, task)
      return { _tag: "File", path: file.path, size: file.size, contentType: "video/mp4" }
    }
    const videoId = pathId(ctx.path, "/v1/videos/")
    if (videoId !== undefined) {
      ctx.note.kind = "poll"
      ctx.note.taskId = videoId
      const task = env.book.live(videoId)
      if (task === undefined || task.apiKey !== ctx.apiKey) return error(wireError("not_found", "task_not_exist"))
      return json(200, openAiVideo(env, env.book.view(task)))
    }
    const aliasId = pathId(ctx.path, "/v1/video/generations/")
    if (aliasId !== undefined) {
      ctx.note.kind = "poll"
      ctx.note.taskId = aliasId
      const task = env.book.live(aliasId)
      return json(200, aliasReply(task === undefined || task.apiKey !== ctx.apiKey ? undefined : env.book.view(task), aliasId))
    }
    return error(wireError("not_found", "Invalid URL"))
  },
}
