import { ValidationError } from "@happyhorse/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { checkFileName, checkTarget, ensureFolder, targetFolder } from "../config/OutputFolder.js"
import { context, explain } from "./explain.js"
import { optionalText, requiredText, secretArguments } from "./input.js"
import { objectSchema } from "./schemas.js"
import type { ToolEnv, ToolSpec } from "./Tool.js"
import { absoluteVideoUrl } from "./videoUrl.js"
import { ok, type ToolOutcome } from "./ToolResult.js"

export const downloadVideo = (env: ToolEnv): ToolSpec => ({
  name: "download_video",
  title: "Download a finished video",
  description: [
    `Save the MP4 of a task that has succeeded into the folder the user allowed (${env.outputFolder}), or a folder inside it.`,
    "Use it after get_task reports succeeded, or when generate_video stopped waiting. Resumes a partial file. Costs nothing; result URLs expire about 24 h after the task ends.",
  ].join(" "),
  inputSchema: objectSchema(
    {
      taskId: { type: "string", description: "The task id that generate_video returned." },
      fileName: { type: "string", description: "A plain file name for the MP4 (default: the task id). No folders." },
      folder: { type: "string", description: "A folder inside the allowed folder, relative to it (default: the allowed folder itself)." },
    },
    ["taskId"],
  ),
  readOnly: false,
  idempotent: true,
  run: (args, call): Effect.Effect<ToolOutcome> =>
    Effect.gen(function* () {
      const secret = secretArguments(args)
      if (secret !== undefined) return explain(secret, env.connection)
      const taskId = requiredText(args, "taskId", "is required: the task id that generate_video returned")
      if (typeof taskId === "object") return explain(taskId, env.connection)
      const fileName = optionalText(args, "fileName")
      if (typeof fileName === "object") return explain(fileName, env.connection)
      const subfolder = optionalText(args, "folder")
      if (typeof subfolder === "object") return explain(subfolder, env.connection)
      const folder = targetFolder(env.outputFolder, subfolder)
      if (typeof folder === "object") return explain(folder, env.connection)
      const name = fileName === undefined ? undefined : fileName.endsWith(".mp4") ? fileName : `${fileName}.mp4`
      const badName = name === undefined ? undefined : (checkFileName(name) ?? checkTarget(folder, name))
      if (badName !== undefined) return explain(badName, env.connection)

      const read = yield* Effect.either(env.client.get(taskId))
      if (Either.isLeft(read)) return explain(read.left, env.connection, taskId)
      const status = read.right.status
      if (status._tag !== "Succeeded") {
        return explain(
          new ValidationError({ field: "taskId", value: JSON.stringify(taskId), rule: `has no video yet (status ${read.right.rawStatus}); ask get_task until it has succeeded` }),
          env.connection,
          taskId,
        )
      }
      ensureFolder(folder)
      const onProgress = (received: number, total: number | undefined): Effect.Effect<void> =>
        total !== undefined && total > 0 ? call.progress((received / total) * 100, `Downloading task ${taskId}'s video.`) : Effect.void
      const saved = yield* Effect.either(
        env.client.download(taskId, status.videoUrl, { outDir: folder, onProgress, ...(name === undefined ? {} : { fileName: name }) }),
      )
      if (Either.isLeft(saved)) return explain(saved.left, env.connection, taskId)
      const known = env.memory.get(taskId)
      if (known !== undefined) known.file = saved.right
      const cost = known?.cost
      const videoUrl = absoluteVideoUrl(env, taskId, status.videoUrl)
      return ok(
        `Saved the video of task ${taskId} to ${saved.right.path} (${saved.right.bytes} bytes). The gateway's URL: ${videoUrl}.${env.connection.sandbox ? " This is a sandbox clip, not a HappyHorse video." : ""}`,
        {
          ...context(env.connection),
          taskId,
          status: "succeeded",
          file: saved.right.path,
          bytes: saved.right.bytes,
          videoUrl,
          ...(cost === undefined ? {} : { cost: { usd: cost.usd, charged: !env.connection.sandbox, basis: cost.basis } }),
        },
        saved.right,
      )
    }),
})
