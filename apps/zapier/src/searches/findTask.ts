import type { Bundle, ZObject } from "zapier-platform-core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { ValidationError } from "@happyhorse/core/node"
import { type AppOptions, DEFAULT_READ_DEADLINE_MS } from "../AppOptions.js"
import { readConnection, withClient } from "../connection.js"
import type { VideoHydrator } from "../hydrators/videoFile.js"
import { finishedSample, taskOutputFields } from "../samples.js"
import { snapshotOutput, type TaskOutput } from "../taskOutput.js"
import { mapErrors } from "../zapierErrors.js"

const FindTaskInput = Schema.Struct({ task_id: Schema.Trim.pipe(Schema.minLength(1)) })

/**
 * One status read. An id the gateway no longer knows (ids expire after 24 h) is "not found",
 * so a zap can branch on it.
 */
export const makeFindTask = (options: AppOptions, hydrator: VideoHydrator) => ({
  key: "find_task",
  noun: "Task",
  display: {
    label: "Find Task",
    description: "Finds a HappyHorse task by ID and returns its status, progress and, once done, the video.",
  },
  operation: {
    inputFields: [
      {
        key: "task_id",
        label: "Task ID",
        required: true,
        helpText: "The **Task ID** from a Generate or Edit Video step. Tasks expire 24 hours after they start.",
      },
    ],
    perform: (z: ZObject, bundle: Bundle): Promise<Array<TaskOutput>> =>
      mapErrors(z, async () => {
        const connection = readConnection(bundle.authData)
        const input = Schema.decodeUnknownEither(FindTaskInput)(bundle.inputData)
        if (Either.isLeft(input)) throw new ValidationError({ field: "task_id", value: "(empty)", rule: "is required" })
        return withClient(connection, options, async (client) => {
          const snapshot = await client.get(input.right.task_id, {
            signal: AbortSignal.timeout(options.readDeadlineMs ?? DEFAULT_READ_DEADLINE_MS),
          })
          return snapshot.status._tag === "Expired" ? [] : [snapshotOutput(z, hydrator, snapshot, client.baseUrl)]
        })
      }),
    outputFields: taskOutputFields,
    sample: finishedSample,
  },
})
