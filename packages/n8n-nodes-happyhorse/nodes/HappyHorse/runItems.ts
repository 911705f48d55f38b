import type { Client } from "@happyhorse/core/node"
import { withVideoStream } from "@happyhorse/core/node"
import { TaskCanceled, TaskFailed, type TaskEvent, type VideoRequest } from "@happyhorse/core"
import { cancelSupport, explainError, readHostInput, receiptView, taskView } from "@happyhorse/core/surface"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import { createReadStream } from "node:fs"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Readable } from "node:stream"
import type { IBinaryData, IBinaryKeyData, IDataObject, INode, INodeExecutionData } from "n8n-workflow"
import { NodeOperationError } from "n8n-workflow"
import { type ClientFactory, clientOptions, type TestKnobs } from "../../shared/clientFactory.js"
import { decodeCredentials, type HappyHorseCredentials } from "../../shared/credentials.js"
import { ExecutionCanceled, toNodeError } from "../../shared/toNodeError.js"
import { DEFAULT_MAX_CONCURRENT } from "./description.js"
import {
  type Options,
  type ParamReader,
  readMode,
  readOptions,
  readParam,
  readTaskId,
  readVideoInput,
  Resource,
  TaskOperation,
  VideoOperation,
  type WaitSettings,
  waitSettings,
} from "./readParams.js"

/** Hands a stream to n8n's binary data store (n8n reads it chunk by chunk). */
export type ToBinary = (stream: Readable, fileName: string, mimeType: string) => Promise<IBinaryData>

/** What the node needs from n8n's execute context; a narrow port so tests can drive it. */
export interface ExecutePort {
  readonly node: INode
  readonly items: ReadonlyArray<INodeExecutionData>
  readonly param: ParamReader
  readonly credentials: () => Promise<unknown>
  readonly continueOnFail: () => boolean
  /** Aborted when the user stops the execution. */
  readonly signal: AbortSignal | undefined
  readonly toBinary: ToBinary
}

export interface RunServices {
  readonly makeClient: ClientFactory
  readonly knobs: TestKnobs
  /** Where downloads land before n8n takes them; default: the OS temp folder. */
  readonly tempRoot?: string
}

type Output = { readonly json: IDataObject; readonly binary?: IBinaryKeyData }

/** One item's end: its output, or its error and the task it had created, if any. */
type Outcome =
  | { readonly _tag: "Done"; readonly output: Output }
  | { readonly _tag: "Failed"; readonly error: unknown; readonly taskId: string | undefined }

const done = (output: Output): Outcome => ({ _tag: "Done", output })
const failed = (error: unknown, taskId?: string): Outcome => ({ _tag: "Failed", error, taskId })

const loadCredentials = async (port: ExecutePort): Promise<HappyHorseCredentials> => {
  const decoded = decodeCredentials(await port.credentials())
  if (Either.isRight(decoded)) return decoded.right
  throw new NodeOperationError(port.node, "The HappyHorse API credential is incomplete", {
    description: ParseResult.TreeFormatter.formatErrorSync(decoded.left),
  })
}

// A function, not a property read, so the check is made afresh after each await.
const aborted = (port: ExecutePort): boolean => port.signal?.aborted === true

const signalOf = (port: ExecutePort) => (port.signal === undefined ? {} : { signal: port.signal })

/** A finished task's item JSON: the kit's flat view, without the fields that stay empty. */
const viewJson = (view: object): IDataObject => {
  const out: IDataObject = {}
  for (const [key, value] of Object.entries(view)) if (value !== null) out[key] = value as IDataObject[string]
  return out
}

/** A succeeded task's item JSON, in the kit's flat view, plus how long it took. */
const succeededJson = (event: Extract<TaskEvent, { _tag: "Succeeded" }>, client: Client): IDataObject => {
  const status = {
    _tag: "Succeeded" as const,
    videoUrl: event.videoUrl,
    ...(event.duration === undefined ? {} : { duration: event.duration }),
    ...(event.resolution === undefined ? {} : { resolution: event.resolution }),
  }
  const view = taskView({ taskId: event.taskId, gateway: client.gateway, rawStatus: "succeeded", status }, { baseUrl: client.baseUrl })
  return { ...viewJson(view), elapsedMs: event.elapsedMs }
}

/** Streams a downloaded file into n8n's binary data; the caller removes the folder. */
const fileToBinary = async (port: ExecutePort, path: string, fileName: string, property: string) => ({
  [property]: await port.toBinary(createReadStream(path), fileName, "video/mp4"),
})

/** Video operations: every valid item's task through the core's generateMany, watched together. */
const runVideos = async (
  port: ExecutePort,
  services: RunServices,
  client: Client,
  operation: typeof VideoOperation.Type,
): Promise<ReadonlyArray<Outcome>> => {
  const outcomes: Array<Outcome | undefined> = port.items.map(() => undefined)
  const valid: Array<{ readonly index: number; readonly request: VideoRequest }> = []
  for (let index = 0; index < port.items.length; index++) {
    const read = Either.try(() => readVideoInput(port.node, port.param, operation, index))
    const request = Either.flatMap(read, (input) =>
      readHostInput(input, client.capabilities, services.knobs.allowPrivateCallbackUrls === true ? { allowPrivateCallbackUrls: true } : {}),
    )
    if (Either.isLeft(request)) {
      // Bad input costs nothing: without Continue On Fail, stop before any task is paid for.
      if (!port.continueOnFail()) throw toNodeError(port.node, request.left, index)
      outcomes[index] = failed(request.left)
    } else valid.push({ index, request: request.right })
  }
  const options = readOptions(port.node, port.param, 0)
  const estimates = await Promise.all(valid.map(({ request }) => client.estimate(request).then((e) => e.usd, () => undefined)))
  const cost = (position: number) => (estimates[position] === undefined ? {} : { estimatedCostUsd: estimates[position] })

  if (readMode(port.node, port.param, 0) === "submit") {
    for (const [position, { index, request }] of valid.entries()) {
      if (aborted(port)) throw toNodeError(port.node, new ExecutionCanceled(submittedIds(outcomes), cancelSupport(client.capabilities).note, false), 0)
      try {
        const receipt = await client.submit(request, signalOf(port))
        outcomes[index] = done({ json: { ...viewJson(receiptView(receipt)), ...cost(position) } })
      } catch (error) {
        if (aborted(port)) throw toNodeError(port.node, new ExecutionCanceled(submittedIds(outcomes), cancelSupport(client.capabilities).note, true), 0)
        outcomes[index] = failed(error)
      }
    }
    return outcomes.map((outcome) => outcome ?? failed(new Error("not run")))
  }

  const settings = waitSettings(options)
  const dir = settings.download ? await mkdtemp(join(services.tempRoot ?? tmpdir(), "happyhorse-n8n-")) : undefined
  const taskIds = new Map<number, string>()
  const finals = new Map<number, Extract<TaskEvent, { _tag: "Succeeded" }>>()
  const submitting = new Set<number>()
  try {
    const results = await client
      .generateMany(
        valid.map(({ index, request }) => ({ key: String(index), request })),
        {
          ...signalOf(port),
          concurrency: options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT,
          timeoutMs: settings.timeoutMs,
          ...(dir === undefined ? {} : { outDir: dir }),
          onEvent: (event) => {
            const index = "index" in event ? valid[event.index]?.index : undefined
            if (index === undefined) return
            if (event._tag === "Submitting") submitting.add(index)
            if (event._tag === "Submitted") {
              submitting.delete(index)
              taskIds.set(index, event.taskId)
            }
            if (event._tag === "Task" && event.event._tag === "Succeeded") finals.set(index, event.event)
          },
        },
      )
      .catch((error: unknown) => {
        if (aborted(port)) {
          throw toNodeError(port.node, new ExecutionCanceled([...taskIds.values()], cancelSupport(client.capabilities).note, submitting.size > 0), 0)
        }
        throw error
      })
    for (const result of results) {
      const item = valid[result.index]
      if (item === undefined) continue
      if (result._tag === "Failure") {
        outcomes[item.index] = failed(result.error, result.taskId)
        continue
      }
      const final = finals.get(item.index)
      const json = {
        ...(final === undefined ? { taskId: result.taskId, gateway: client.gateway, status: "succeeded", videoUrl: result.videoUrl } : succeededJson(final, client)),
        ...cost(result.index),
      }
      if (result.file === undefined) {
        outcomes[item.index] = done({ json })
        continue
      }
      const fileName = result.file.path.split(/[\\/]/).at(-1) ?? `${result.taskId}.mp4`
      try {
        const binary = await fileToBinary(port, result.file.path, fileName, settings.binaryPropertyName)
        outcomes[item.index] = done({ json: { ...json, fileName, bytes: result.file.bytes }, binary })
      } catch (error) {
        outcomes[item.index] = failed(error, result.taskId)
      }
    }
  } finally {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  }
  return outcomes.map((outcome) => outcome ?? failed(new Error("not run")))
}

const submittedIds = (outcomes: ReadonlyArray<Outcome | undefined>): ReadonlyArray<string> =>
  outcomes.flatMap((outcome) => (outcome?._tag === "Done" && typeof outcome.output.json["taskId"] === "string" ? [outcome.output.json["taskId"]] : []))

/** Waits for a task's end; a failed or canceled task is an error. */
const finish = async (port: ExecutePort, services: RunServices, client: Client, taskId: string, settings: WaitSettings): Promise<Output> => {
  const final = await client.watch(taskId, { ...signalOf(port), timeoutMs: settings.timeoutMs })
  if (final._tag === "Failed") {
    throw new TaskFailed({ gateway: client.gateway, taskId, reason: final.reason, ...(final.code === undefined ? {} : { code: final.code }) })
  }
  if (final._tag !== "Succeeded") throw new TaskCanceled({ gateway: client.gateway, taskId })
  const json = succeededJson(final, client)
  if (!settings.download) return { json }
  return downloadOutput(port, services, client, taskId, settings.binaryPropertyName, json, final.videoUrl)
}

const downloadOutput = (
  port: ExecutePort,
  services: RunServices,
  client: Client,
  taskId: string,
  property: string,
  json: IDataObject,
  url?: string,
): Promise<Output> =>
  withVideoStream(
    client,
    taskId,
    { ...signalOf(port), ...(url === undefined ? {} : { url }), ...(services.tempRoot === undefined ? {} : { tempRoot: services.tempRoot }) },
    async (video) => ({
      json: { ...json, fileName: video.fileName, bytes: video.bytes },
      binary: { [property]: await port.toBinary(video.stream, video.fileName, video.mimeType) },
    }),
  )

/** Task operations: each item's task read, waited for or downloaded, several at a time. */
const runTasks = async (
  port: ExecutePort,
  services: RunServices,
  client: Client,
  operation: typeof TaskOperation.Type,
): Promise<ReadonlyArray<Outcome>> => {
  const options: Options = readOptions(port.node, port.param, 0)
  const one = async (index: number): Promise<Outcome> => {
    let taskId: string | undefined
    try {
      taskId = readTaskId(port.node, port.param, index)
      const settings = waitSettings(readOptions(port.node, port.param, index))
      switch (operation) {
        case "get":
          return done({ json: viewJson(taskView(await client.get(taskId, signalOf(port)), { baseUrl: client.baseUrl })) })
        case "wait":
          return done(await finish(port, services, client, taskId, settings))
        case "download":
          return done(await downloadOutput(port, services, client, taskId, settings.binaryPropertyName, { taskId, gateway: client.gateway, status: "succeeded" }))
      }
    } catch (error) {
      return failed(error, taskId)
    }
  }
  const outcomes = await Effect.runPromise(
    Effect.forEach(port.items.keys(), (index) => Effect.promise(() => one(index)), { concurrency: options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT }),
  )
  if (aborted(port)) {
    const started = outcomes.flatMap((o) => (o._tag === "Failed" && o.taskId !== undefined ? [o.taskId] : []))
    throw toNodeError(port.node, new ExecutionCanceled(started, cancelSupport(client.capabilities).note, false), 0)
  }
  return outcomes
}

/** An item's failure as an output item, for Continue On Fail: the kit's explanation, flat. */
const errorItem = (port: ExecutePort, error: unknown, taskId: string | undefined, index: number, baseUrl: string): INodeExecutionData => {
  const mapped = toNodeError(port.node, error, index, { baseUrl, ...(taskId === undefined ? {} : { taskId }) })
  const explained = explainError(error, taskId === undefined ? {} : { taskId })
  return {
    json: {
      error: mapped.message,
      errorType: explained.tag,
      safeToResend: explained.safeToResend,
      ...(mapped.description === undefined || mapped.description === null ? {} : { description: mapped.description }),
      ...(taskId === undefined ? {} : { taskId }),
    },
    pairedItem: { item: index },
  }
}

/**
 * Runs every input item. Video items go to the gateway together (up to Max Concurrent Tasks) and
 * are watched together; each output pairs with its input. A failing item stops the node, or under
 * Continue On Fail becomes an error item in its place.
 */
export const runItems = async (port: ExecutePort, services: RunServices): Promise<INodeExecutionData[][]> => {
  const credentials = await loadCredentials(port)
  let client: Client
  try {
    client = services.makeClient(clientOptions(credentials, services.knobs))
  } catch (error) {
    throw toNodeError(port.node, error, 0)
  }
  const baseUrl = client.baseUrl
  try {
    const resource = readParam(port.node, port.param, Resource, "resource", 0, "video")
    let outcomes: ReadonlyArray<Outcome>
    try {
      outcomes =
        resource === "video"
          ? await runVideos(port, services, client, readParam(port.node, port.param, VideoOperation, "operation", 0))
          : await runTasks(port, services, client, readParam(port.node, port.param, TaskOperation, "operation", 0))
    } catch (error) {
      throw toNodeError(port.node, error, 0, { baseUrl })
    }
    return [
      outcomes.map((outcome, index) => {
        if (outcome._tag === "Done") return { ...outcome.output, pairedItem: { item: index } }
        if (!port.continueOnFail()) {
          throw toNodeError(port.node, outcome.error, index, { baseUrl, ...(outcome.taskId === undefined ? {} : { taskId: outcome.taskId }) })
        }
        return errorItem(port, outcome.error, outcome.taskId, index, baseUrl)
      }),
    ]
  } finally {
    await client.dispose()
  }
}
