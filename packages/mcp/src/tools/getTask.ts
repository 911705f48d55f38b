import type { TaskEvent } from "@happyhorse/core"
import { taskView, type TaskView } from "@happyhorse/core/surface"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { context, explain } from "./explain.js"
import { optionalInteger, optionalText, secretArguments } from "./input.js"
import { objectSchema } from "./schemas.js"
import type { ToolEnv, ToolSpec } from "./Tool.js"
import { baseUrlOf } from "./videoUrl.js"
import { ok, type ToolOutcome } from "./ToolResult.js"

const WAIT = { min: 0, max: 600 }

const sentence = (view: TaskView): string => {
  const taskId = view.taskId
  switch (view.status) {
    case "succeeded":
      return `Task ${taskId} has succeeded: ${String(view.videoUrl)} (valid about 24 h). Call download_video with this taskId to save it.`
    case "failed":
      return `Task ${taskId} failed: ${String(view.failureReason)}. Failed tasks are not billed.`
    case "canceled":
      return `Task ${taskId} was canceled.`
    case "expired":
      return `The gateway no longer knows task ${taskId} (ids and results expire after 24 h).`
    case "unknown":
      return `Task ${taskId} reports a status this server does not know ("${view.rawStatus}"); it is not finished. Ask again later.`
    default:
      return `Task ${taskId} is ${view.status}${view.progress === null ? "" : ` (${view.progress}%)`}. Ask again later, or pass waitSeconds to wait.`
  }
}

export const getTask = (env: ToolEnv): ToolSpec => ({
  name: "get_task",
  title: "Get a video task's status",
  description: [
    "Read the status of a video task by its taskId (from generate_video's result or progress messages): queued, running, succeeded (with the video URL), failed (with the reason) or canceled.",
    "Pass waitSeconds to wait for it to finish. Costs nothing. Without a taskId, lists the tasks this server submitted, newest first.",
  ].join(" "),
  inputSchema: objectSchema({
    taskId: { type: "string", description: "The task id that generate_video returned." },
    waitSeconds: { type: "integer", minimum: WAIT.min, maximum: WAIT.max, description: "Wait up to this many seconds for the task to finish (default 0: answer at once)." },
  }),
  readOnly: true,
  idempotent: true,
  run: (args): Effect.Effect<ToolOutcome> =>
    Effect.gen(function* () {
      const secret = secretArguments(args)
      if (secret !== undefined) return explain(secret, env.connection)
      const taskId = optionalText(args, "taskId")
      if (typeof taskId === "object") return explain(taskId, env.connection)
      const wait = optionalInteger(args, "waitSeconds", WAIT)
      if (typeof wait === "object") return explain(wait, env.connection)
      if (taskId === undefined || taskId.trim() === "") {
        const tasks = env.memory.recent(20).map((t) => ({
          taskId: t.taskId,
          submittedAt: new Date(t.submittedAt).toISOString(),
          file: t.file?.path,
          videoUrl: t.videoUrl,
          costUsd: t.cost?.usd,
        }))
        return ok(
          tasks.length === 0 ? "This server has submitted no tasks yet." : `This server submitted ${tasks.length} task(s); the newest is ${tasks[0]?.taskId}.`,
          { ...context(env.connection), tasks },
        )
      }
      if (wait !== undefined && wait > 0) {
        // Follow until it ends or the wait is over; the status read below answers either way.
        const follow = env.client.follow(
          taskId,
          { pollImmediately: true, deadline: Duration.seconds(wait * env.connection.timeScale) },
          (_: TaskEvent) => Effect.void,
        )
        yield* Effect.either(Effect.timeout(follow, Duration.seconds(wait)))
      }
      const read = yield* Effect.either(env.client.get(taskId))
      if (Either.isLeft(read)) return explain(read.left, env.connection, taskId)
      const view = taskView(read.right, { baseUrl: baseUrlOf(env) })
      const known = env.memory.get(taskId)
      if (known !== undefined && view.videoUrl !== null) known.videoUrl = view.videoUrl
      return ok(sentence(view), {
        ...context(env.connection),
        ...view,
        ...(known?.file === undefined ? {} : { file: known.file.path }),
        ...(known?.cost === undefined ? {} : { cost: { usd: known.cost.usd, charged: !env.connection.sandbox, basis: known.cost.basis } }),
      })
    }),
})
