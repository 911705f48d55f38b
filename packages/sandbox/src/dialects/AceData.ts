import * as Schema from "effect/Schema"
import { checkCallbackUrl } from "../domain/CallbackPolicy.js"
import type { Task, TaskKind, TaskSpec, TaskView } from "../domain/Task.js"
import { bearer, header, json, retryAfter, wireError, type Reply, type RequestContext, type WireError } from "../http/Wire.js"
import { admit, assumedInputSeconds, editOutputSeconds, fileUrl, promptFits, type SandboxEnv } from "../SandboxEnv.js"
import { readJsonBody } from "./Common.js"
import { IntRange, Url, decodeStrict } from "./Decode.js"
import type { Dialect } from "./Dialect.js"

// AceData Cloud: one POST /happyhorse/videos with an action; blocking by default, async/callback/NDJSON optional;
// POST /happyhorse/tasks to retrieve. Errors {error:{code, message}, trace_id}.

const ACTIONS = {
  generate: { kind: "t2v", models: ["happyhorse-1.1-t2v", "happyhorse-1.0-t2v"] },
  image_to_video: { kind: "i2v", models: ["happyhorse-1.1-i2v", "happyhorse-1.0-i2v"] },
  reference_to_video: { kind: "r2v", models: ["happyhorse-1.1-r2v", "happyhorse-1.0-r2v"] },
  video_edit: { kind: "edit", models: ["happyhorse-1.0-video-edit"] },
} as const satisfies Record<string, { readonly kind: TaskKind; readonly models: ReadonlyArray<string> }>

const Submit = Schema.Struct({
  action: Schema.optional(Schema.Literal("generate", "image_to_video", "reference_to_video", "video_edit")),
  model: Schema.optional(Schema.String),
  prompt: Schema.optional(Schema.String),
  image_url: Schema.optional(Url),
  image_urls: Schema.optional(Schema.Array(Url)),
  video_url: Schema.optional(Url),
  resolution: Schema.optional(Schema.Literal("720P", "1080P")),
  ratio: Schema.optional(Schema.Literal("16:9", "9:16", "1:1", "4:3", "3:4")),
  duration: Schema.optional(IntRange(3, 15)),
  watermark: Schema.optional(Schema.Boolean),
  audio_setting: Schema.optional(Schema.Literal("auto", "origin")),
  seed: Schema.optional(IntRange(0, 2147483647)),
  callback_url: Schema.optional(Schema.String),
  async: Schema.optional(Schema.Boolean),
})
type Submit = typeof Submit.Type

const Retrieve = Schema.Union(
  Schema.Struct({ action: Schema.Literal("retrieve"), id: Schema.String }),
  Schema.Struct({ action: Schema.Literal("retrieve_batch"), ids: Schema.Array(Schema.String).pipe(Schema.maxItems(50)) }),
)

const CODES: Record<WireError["kind"], readonly [number, string]> = {
  invalid: [400, "bad_request"],
  unauthorized: [401, "invalid_token"],
  no_balance: [403, "used_up"],
  rejected: [403, "forbidden"],
  rate_limited: [429, "too_many_requests"],
  server: [500, "api_error"],
  not_found: [404, "not_found"],
  unsupported: [400, "bad_request"],
}

let traceCounter = 0
const makeError = (traceId: () => string) => (e: WireError): Reply => {
  const [status, code] = CODES[e.kind]
  return json(status, { error: { code, message: e.message }, trace_id: traceId() }, retryAfter(e))
}
const error = makeError(() => `00000000-0000-4000-8000-${(++traceCounter).toString(16).padStart(12, "0")}`)

type SpecResult = { readonly ok: true; readonly spec: TaskSpec } | { readonly ok: false; readonly error: WireError }

const toSpec = (env: SandboxEnv, req: Submit): SpecResult => {
  const fail = (message: string, param: string): SpecResult => ({ ok: false, error: wireError("invalid", message, param) })
  const action = req.action ?? "generate"
  const { kind, models } = ACTIONS[action]
  const model = req.model ?? models[0]
  if (!(models as ReadonlyArray<string>).includes(model)) return fail(`model ${model} does not match action ${action}`, "model")
  const prompt = req.prompt ?? ""
  const images = req.image_urls ?? []
  if (!promptFits(prompt)) return fail("prompt exceeds 5000 characters (2500 Chinese)", "prompt")
  if (kind !== "i2v" && prompt.trim().length === 0) return fail("prompt is required", "prompt")
  if (kind === "i2v" && req.image_url === undefined) return fail("image_url is required for image_to_video", "image_url")
  if (kind !== "i2v" && req.image_url !== undefined) return fail("image_url is only used by image_to_video", "image_url")
  if (kind === "r2v" && (images.length < 1 || images.length > 9)) return fail("image_urls must hold 1-9 images", "image_urls")
  if (kind === "edit" && images.length > 5) return fail("image_urls must hold at most 5 images for video_edit", "image_urls")
  if ((kind === "t2v" || kind === "i2v") && images.length > 0) return fail(`image_urls is not used by ${action}`, "image_urls")
  if (kind === "edit" && req.video_url === undefined) return fail("video_url is required for video_edit", "video_url")
  if (kind !== "edit" && req.video_url !== undefined) return fail("video_url is only used by video_edit", "video_url")
  if (kind !== "edit" && req.audio_setting !== undefined) return fail("audio_setting is only used by video_edit", "audio_setting")
  if (req.callback_url !== undefined) {
    const verdict = checkCallbackUrl(req.callback_url, env.testMode)
    if (!verdict.ok) return fail(verdict.message, "callback_url")
  }
  const inputSeconds = kind === "edit" && req.video_url !== undefined ? assumedInputSeconds(env, req.video_url) : 0
  return {
    ok: true,
    spec: {
      kind,
      model,
      prompt,
      resolution: req.resolution ?? "1080P",
      ratio: kind === "i2v" ? "16:9" : (req.ratio ?? "16:9"),
      outputSeconds: kind === "edit" ? editOutputSeconds(inputSeconds) : (req.duration ?? 5),
      inputSeconds,
      watermark: req.watermark ?? false,
      seed: req.seed,
      callbackUrl: req.callback_url,
    },
  }
}

const STATE = { queued: "pending", running: "running", succeeded: "succeeded", failed: "error" } as const

/** The blocking-style reply; also each NDJSON snapshot, and the callback body. */
const videoReply = (env: SandboxEnv, view: TaskView, final: boolean): Record<string, unknown> => {
  const task = view.task
  const item: Record<string, unknown> = { id: task.upstreamId, state: STATE[view.state] }
  if (view.state === "succeeded") {
    item["video_url"] = fileUrl(env, task)
    // Billing duration: for an edit it is input plus output seconds.
    item["duration"] = task.spec.outputSeconds + task.spec.inputSeconds
    item["resolution"] = task.spec.resolution
    // The documented example answers null here even when a ratio was sent.
    item["ratio"] = null
  }
  if (view.state === "failed" && !task.outcome.ok) {
    return {
      success: false,
      task_id: task.id,
      trace_id: task.traceId,
      error: { code: "api_error", message: task.outcome.message },
      data: [item],
    }
  }
  const reply: Record<string, unknown> = { success: true, task_id: task.id }
  if (final) reply["trace_id"] = task.traceId
  reply["data"] = [item]
  return reply
}

const finalReply = (env: SandboxEnv, task: Task): Reply => {
  const view = env.book.view(task)
  return json(view.state === "failed" ? 500 : 200, videoReply(env, view, true))
}

const unixSeconds = (ms: number) => Math.round(ms) / 1000

const retrieveItem = (env: SandboxEnv, task: Task): unknown => {
  const view = env.book.view(task)
  const done = view.state === "succeeded" || view.state === "failed"
  const item: Record<string, unknown> = {
    id: task.id,
    request: task.request,
    type: "videos",
    created_at: unixSeconds(task.createdAt),
  }
  if (view.startedAt !== undefined) item["started_at"] = unixSeconds(view.startedAt)
  if (view.finishedAt !== undefined) {
    item["finished_at"] = unixSeconds(view.finishedAt)
    item["elapsed"] = (view.finishedAt - task.createdAt) / 1000
  }
  item["response"] = videoReply(env, view, done)
  return item
}

const streamNdjson = (ctx: RequestContext, env: SandboxEnv, task: Task): Promise<Reply> =>
  new Promise((resolve) => {
    ctx.res.writeHead(200, { "content-type": "application/x-ndjson", "cache-control": "no-cache" })
    const write = (line: unknown) => ctx.res.write(`${JSON.stringify(line)}\n`)
    let last = ""
    const tick = () => {
      const view = env.book.view(task)
      const done = view.state === "succeeded" || view.state === "failed"
      const snapshot = videoReply(env, view, done)
      const text = JSON.stringify(snapshot)
      if (text !== last || !done) write(snapshot)
      last = text
      if (done) {
        clearInterval(timer)
        ctx.res.end()
        resolve({ _tag: "Handled", status: 200 })
      }
    }
    // A snapshot every 5 s of sandbox time, but not more often than every 20 ms of real time.
    const timer = setInterval(tick, Math.max(20, env.clock.toReal(5_000)))
    ctx.res.on("close", () => {
      clearInterval(timer)
      resolve({ _tag: "Handled", status: 200 })
    })
    tick()
  })

const submit = async (ctx: RequestContext, env: SandboxEnv, fail: (e: WireError) => Reply): Promise<Reply> => {
  ctx.note.kind = "submit"
  const body = await readJsonBody(ctx)
  if (!body.ok) return fail(body.error)
  const decoded = decodeStrict(Submit, body.value)
  if (!decoded.ok) return fail(decoded.error)
  const spec = toSpec(env, decoded.value)
  if (!spec.ok) return fail(spec.error)
  const admitted = admit(env, { dialect: "acedata", apiKey: ctx.apiKey, spec: spec.spec, request: body.value, id: env.ids.uuid() })
  if (!admitted.ok) return fail(admitted.error)
  const task = admitted.task
  ctx.note.taskId = task.id
  if (spec.spec.callbackUrl !== undefined) {
    env.callbacks.register(task, spec.spec.callbackUrl, "acedata", (t) => videoReply(env, env.book.view(t), true))
  }
  if (decoded.value.async === true || spec.spec.callbackUrl !== undefined) return json(200, { task_id: task.id })
  if ((header(ctx.headers, "accept") ?? "").includes("application/x-ndjson")) return streamNdjson(ctx, env, task)
  await env.book.whenSettled(task)
  return finalReply(env, task)
}

const tasks = async (ctx: RequestContext, env: SandboxEnv, fail: (e: WireError) => Reply): Promise<Reply> => {
  const body = await readJsonBody(ctx)
  if (!body.ok) return fail(body.error)
  const decoded = decodeStrict(Retrieve, body.value)
  if (!decoded.ok) {
    const ids = (body.value as { readonly ids?: unknown } | null)?.ids
    const tooMany = Array.isArray(ids) && ids.length > 50
    return fail(tooMany ? wireError("invalid", "ids must hold at most 50 task ids", "ids") : decoded.error)
  }
  const own = (id: string) => {
    const task = env.book.live(id)
    return task !== undefined && task.apiKey === ctx.apiKey ? task : undefined
  }
  const req = decoded.value
  if (req.action === "retrieve") {
    ctx.note.kind = "poll"
    ctx.note.taskId = req.id
    const task = own(req.id)
    if (task === undefined) return fail(wireError("not_found", `task ${req.id} not found`, "id"))
    return json(200, retrieveItem(env, task))
  }
  ctx.note.kind = "poll"
  const items = req.ids.flatMap((id) => {
    const task = own(id)
    return task === undefined ? [] : [retrieveItem(env, task)]
  })
  return json(200, { items, count: items.length })
}

export const acedata: Dialect = {
  name: "acedata",
  apiKey: bearer,
  error,
  handle: async (ctx, env) => {
    const fail = makeError(() => env.ids.uuid())
    if (ctx.method === "POST" && ctx.path === "/happyhorse/videos") return submit(ctx, env, fail)
    if (ctx.method === "POST" && ctx.path === "/happyhorse/tasks") return tasks(ctx, env, fail)
    return fail(wireError("not_found", "Not Found"))
  },
}
