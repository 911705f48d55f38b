import { dialectFor, TaskCanceled, TaskFailed, type TaskSnapshot, type VideoRequest } from "@happyhorse/core/node"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Effect from "effect/Effect"
import * as Cause from "effect/Cause"
import * as Schema from "effect/Schema"
import type { Bundle, ZObject } from "zapier-platform-core"
import { type AppOptions, DEFAULT_READ_DEADLINE_MS, DEFAULT_SUBMIT_DEADLINE_MS } from "../AppOptions.js"
import { readConnection, withClient } from "../connection.js"
import type { VideoHydrator } from "../hydrators/videoFile.js"
import type { Field } from "../inputFields.js"
import { finishedSample, taskOutputFields } from "../samples.js"
import { receiptOutput, snapshotOutput, type TaskOutput } from "../taskOutput.js"
import { mapErrors } from "../zapierErrors.js"

/** What sets one create apart from the others: its wording, its fields and its request. */
export interface VideoCreateSpec {
  readonly key: string
  readonly label: string
  readonly description: string
  readonly inputFields: ReadonlyArray<Field>
  readonly toRequest: (inputData: unknown) => VideoRequest
}

export interface VideoCreateDeps {
  readonly options: AppOptions
  readonly hydrator: VideoHydrator
}

/** What perform handed to Zapier; performResume reads the task id back from it. */
const PendingTask = Schema.Struct({ id: Schema.String })

/** A finished task as the step's result; a failed or canceled task fails the step. */
const finalOutput = (z: ZObject, deps: VideoCreateDeps, snapshot: TaskSnapshot, baseUrl: string): TaskOutput => {
  const status = snapshot.status
  if (status._tag === "Failed") {
    throw new TaskFailed({
      gateway: snapshot.gateway,
      taskId: snapshot.taskId,
      reason: status.reason,
      ...(status.code === undefined ? {} : { code: status.code }),
    })
  }
  if (status._tag === "Canceled") throw new TaskCanceled({ gateway: snapshot.gateway, taskId: snapshot.taskId })
  return snapshotOutput(z, deps.hydrator, snapshot, baseUrl)
}

/**
 * Submit and return at once (every Zapier call has 30 s). On a gateway that calls back, the
 * step pauses on `z.generateCallbackUrl()` and `performResume` finishes it with the video; on
 * the others it returns the task id for a later "Find Task" step.
 */
const perform =
  (spec: VideoCreateSpec, deps: VideoCreateDeps) =>
  (z: ZObject, bundle: Bundle): Promise<TaskOutput> =>
    mapErrors(z, async () => {
      const connection = readConnection(bundle.authData)
      const request = spec.toRequest(bundle.inputData)
      // A sample run in the Zap editor cannot wait for a callback.
      const callback = dialectFor(connection.gateway).capabilities.callbacks && bundle.meta?.isLoadingSample !== true
      return withClient(connection, deps.options, async (client) => {
        // Check before asking Zapier for a callback URL, which pauses the step.
        await client.validate(request)
        const callbackUrl = callback ? z.generateCallbackUrl() : undefined
        // Well inside Zapier's 30 s: a submit still unanswered then is stopped, and reported as in doubt.
        const receipt = await client.submit(callbackUrl === undefined ? request : { ...request, callbackUrl }, {
          signal: AbortSignal.timeout(deps.options.submitDeadlineMs ?? DEFAULT_SUBMIT_DEADLINE_MS),
        })
        return receipt.snapshot === undefined
          ? receiptOutput(receipt, callbackUrl !== undefined)
          : snapshotOutput(z, deps.hydrator, receipt.snapshot, client.baseUrl)
      })
    }, { submit: { request: `this step's ${spec.label} request (no task id came back)` } })

/**
 * The gateway's callback body names the task; it carries no signature, so the task is read
 * again from the gateway and only that reading is trusted.
 */
const performResume =
  (deps: VideoCreateDeps) =>
  (z: ZObject, bundle: Bundle): Promise<TaskOutput> =>
    mapErrors(z, async () => {
      const connection = readConnection(bundle.authData)
      const pending = Schema.decodeUnknownEither(PendingTask)(bundle.outputData)
      if (Either.isLeft(pending)) throw new z.errors.Error("the paused step has no task id to resume", "NoTask")
      const taskId = pending.right.id
      const decodeCallback = dialectFor(connection.gateway).decodeCallback
      if (decodeCallback === undefined) {
        throw new z.errors.Error(`${connection.gateway} does not call back; use Find Task`, "NoCallbacks")
      }
      const reported = await Effect.runPromiseExit(decodeCallback(bundle.cleanedRequest))
      if (Exit.isFailure(reported)) throw Cause.squash(reported.cause)
      if (reported.value.taskId !== taskId) {
        throw new z.errors.Error(
          `the callback names task ${reported.value.taskId}, but this step waits for ${taskId}`,
          "CallbackMismatch",
        )
      }
      return withClient(connection, deps.options, async (client) => {
        const verified = await client.get(taskId, {
          signal: AbortSignal.timeout(deps.options.readDeadlineMs ?? DEFAULT_READ_DEADLINE_MS),
        })
        return finalOutput(z, deps, verified, client.baseUrl)
      })
    })

export const makeVideoCreate = (spec: VideoCreateSpec, deps: VideoCreateDeps) => ({
  key: spec.key,
  noun: "Video",
  display: {
    label: spec.label,
    description: spec.description,
  },
  operation: {
    inputFields: spec.inputFields,
    perform: perform(spec, deps),
    performResume: performResume(deps),
    outputFields: taskOutputFields,
    sample: finishedSample,
  },
})
