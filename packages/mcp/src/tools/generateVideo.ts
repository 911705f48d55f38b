import { type GenerateEvent, type GenerateResult } from "@happyhorse/core"
import * as Cause from "effect/Cause"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import { coerceHostInput } from "@happyhorse/core/surface"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import { checkFileName, checkTarget, ensureFolder, targetFolder } from "../config/OutputFolder.js"
import { context, explain } from "./explain.js"
import { optionalInteger, optionalText, secretArguments, splitArgs, withKind } from "./input.js"
import { objectSchema, requestProperties } from "./schemas.js"
import type { CallContext, ToolEnv, ToolSpec } from "./Tool.js"
import { absoluteVideoUrl } from "./videoUrl.js"
import { ok, type ToolOutcome } from "./ToolResult.js"

/** Real seconds a call waits by default: under the 60 s many clients allow a tool call. */
export const DEFAULT_WAIT_SECONDS = 50
const WAIT = { min: 0, max: 600 }

/** Progress out of 100: submit 1, queued 2, running 5-90, download 90-99. */
const progressOf = (event: GenerateEvent): { readonly value: number; readonly message: string } | undefined => {
  switch (event._tag) {
    case "Submitted":
      return { value: 1, message: `Submitted task ${event.taskId} to ${event.gateway}.` }
    case "Progress":
      return event.state === "queued"
        ? { value: 2, message: `Task ${event.taskId} is queued.` }
        : {
            value: 5 + Math.min(100, event.progress ?? 0) * 0.85,
            message: `Task ${event.taskId} is running${event.progress === undefined ? "" : ` (${event.progress}%)`}.`,
          }
    case "Succeeded":
      return { value: 90, message: `Task ${event.taskId} finished; downloading the video.` }
    case "Downloading":
      return event.total === undefined || event.total === 0
        ? undefined
        : { value: 90 + (event.received / event.total) * 9, message: `Downloading task ${event.taskId}'s video.` }
    case "Downloaded":
      return { value: 99, message: `Saved task ${event.taskId}'s video.` }
    default:
      return undefined
  }
}

const finished = (env: ToolEnv, result: GenerateResult): ToolOutcome => {
  const file = result.file
  const videoUrl = absoluteVideoUrl(env, result.taskId, result.videoUrl)
  const sandbox = env.connection.sandbox
  const price = `$${result.cost.usd.toFixed(3)}${sandbox ? " (sandbox: not charged)" : " (estimate)"}`
  return ok(
    file === undefined
      ? `Task ${result.taskId} finished: ${videoUrl}. Cost ${price}.`
      : `Saved the video of task ${result.taskId} to ${file.path} (${file.bytes} bytes). Cost ${price}. The gateway's URL (valid about 24 h): ${videoUrl}.${sandbox ? " This is a sandbox clip, not a HappyHorse video." : ""}`,
    {
      ...context(env.connection),
      taskId: result.taskId,
      status: "succeeded",
      file: file?.path,
      bytes: file?.bytes,
      videoUrl,
      duration: result.duration,
      resolution: result.resolution,
      cost: { usd: result.cost.usd, charged: !sandbox, basis: result.cost.basis, note: result.cost.note },
      elapsedMs: result.elapsedMs,
    },
    file,
  )
}

const stillRunning = (env: ToolEnv, taskId: string, waited: number, last: string): ToolOutcome =>
  ok(
    `Task ${taskId} is still running after ${waited} s (${last}). It keeps going on the gateway: call get_task with taskId "${taskId}" (and waitSeconds to wait), then download_video once it has succeeded.`,
    { ...context(env.connection), taskId, status: "running", lastStatus: last },
  )

export const generateVideo = (env: ToolEnv): ToolSpec => ({
  name: "generate_video",
  title: "Generate a HappyHorse video",
  description: [
    "Make a short video with HappyHorse and save it as an MP4 on the user's machine. Submits the request (this is the paid step on a real gateway), follows the task, then downloads the file.",
    "Give a prompt for text-to-video; add image for image-to-video, images for reference-to-video, or video to edit a video. Leave out what you do not need: defaults are 720P, 16:9, 5 seconds.",
    `Waits up to waitSeconds (default ${DEFAULT_WAIT_SECONDS}). If the video is not ready by then, or the call is cancelled, the task keeps running: the result (or the progress messages) give its taskId; use get_task and download_video with it. Never call generate_video twice for the same video: each call is a new paid task.`,
    "A finished result holds the file path, the gateway's video URL and the cost. Call estimate_cost first when the user cares about price.",
  ].join(" "),
  inputSchema: objectSchema({
    ...requestProperties(env.client.capabilities),
    fileName: { type: "string", description: "File name for the MP4 inside the allowed folder (default: the task id)." },
    waitSeconds: {
      type: "integer",
      minimum: WAIT.min,
      maximum: WAIT.max,
      description: `How long to wait for the video, in seconds (default ${DEFAULT_WAIT_SECONDS}). 0 submits and returns the task id at once.`,
    },
  }),
  readOnly: false,
  idempotent: false,
  run: (args, call) => run(env, args, call),
})

const run = (env: ToolEnv, args: Readonly<Record<string, unknown>>, call: CallContext): Effect.Effect<ToolOutcome> =>
  Effect.gen(function* () {
    const secret = secretArguments(args)
    if (secret !== undefined) return explain(secret, env.connection)
    const { own, request } = splitArgs(args, ["fileName", "waitSeconds"])
    const wait = optionalInteger(own, "waitSeconds", WAIT)
    if (typeof wait === "object") return explain(wait, env.connection)
    const fileName = optionalText(own, "fileName")
    if (typeof fileName === "object") return explain(fileName, env.connection)
    const name = fileName === undefined ? undefined : fileName.endsWith(".mp4") ? fileName : `${fileName}.mp4`
    const badName = name === undefined ? undefined : (checkFileName(name) ?? checkTarget(env.outputFolder, name))
    if (badName !== undefined) return explain(badName, env.connection)

    const input = withKind(coerceHostInput(request))
    const checked = yield* Effect.either(env.client.estimate(input))
    if (Either.isLeft(checked)) return explain(checked.left, env.connection)
    const cost = checked.right
    const folder = targetFolder(env.outputFolder, undefined)
    if (typeof folder === "object") return explain(folder, env.connection)
    ensureFolder(folder)

    const submitted = yield* Deferred.make<string>()
    const settled = yield* Deferred.make<void>()
    let taskId: string | undefined
    let last = "submitted"
    const onEvent = (event: GenerateEvent): Effect.Effect<void> =>
      Effect.gen(function* () {
        if (event._tag === "Submitted") {
          taskId = event.taskId
          env.memory.remember({ taskId: event.taskId, gateway: event.gateway, cost, submittedAt: Date.now() })
          yield* Effect.logInfo(`generate_video: submitted task ${event.taskId} to ${event.gateway}`)
          yield* Deferred.succeed(submitted, event.taskId)
          yield* Deferred.succeed(settled, undefined)
        }
        if (event._tag === "Progress") last = event.progress === undefined ? event.state : `${event.state} ${event.progress}%`
        if (event._tag === "Succeeded") {
          last = "succeeded"
          const known = env.memory.get(event.taskId)
          if (known !== undefined) known.videoUrl = event.videoUrl
        }
        if (event._tag === "Downloaded") {
          const known = env.memory.get(event.taskId)
          if (known !== undefined) known.file = { path: event.path, bytes: event.bytes }
        }
        const step = progressOf(event)
        if (step !== undefined) yield* call.progress(step.value, step.message)
      })

    const waitSeconds = wait ?? DEFAULT_WAIT_SECONDS
    // The core's own deadline (gateway time) stays past ours, so our wait is the one that ends it.
    const deadline = Duration.seconds((waitSeconds + 60) * env.connection.timeScale)
    // Its own fiber: a cancelled call must not cut a submit on the wire (that would leave it in doubt).
    const fiber = yield* Effect.forkDaemon(
      env.client
        .generate(input, { outDir: folder, onEvent, deadline, ...(name === undefined ? {} : { fileName: name }) })
        .pipe(Effect.ensuring(Deferred.succeed(settled, undefined))),
    )
    // Runs in the interrupted call's finalizer, where nothing may race: wait for the submit's
    // outcome (the task id, or the end of the generation), then stop following.
    const stop = Deferred.await(settled).pipe(Effect.zipRight(Fiber.interrupt(fiber)))
    const waited = Deferred.await(submitted).pipe(Effect.zipRight(Effect.sleep(Duration.seconds(waitSeconds))), Effect.as("waited" as const))
    const ended = yield* Effect.raceFirst(Fiber.await(fiber), waited).pipe(
      Effect.onInterrupt(() =>
        Effect.zipRight(
          stop,
          Effect.suspend(() =>
            Effect.logInfo(
              taskId === undefined
                ? "generate_video: cancelled before the gateway took the task"
                : `generate_video: cancelled; task ${taskId} keeps running on the gateway`,
            ),
          ),
        ),
      ),
    )
    if (ended === "waited") {
      yield* Fiber.interrupt(fiber)
      return stillRunning(env, yield* Deferred.await(submitted), waitSeconds, last)
    }
    if (Exit.isSuccess(ended)) return finished(env, ended.value)
    const failure = Cause.failureOption(ended.cause)
    if (Option.isNone(failure)) {
      yield* Effect.logError("generate_video: the generation stopped unexpectedly", ended.cause)
      return explain({ _tag: "Internal", message: "the generation stopped unexpectedly" }, env.connection, taskId)
    }
    const error = failure.value
    if (error._tag === "WatchTimeout" && taskId !== undefined) return stillRunning(env, taskId, waitSeconds, last)
    return explain(error, env.connection, taskId)
  })
