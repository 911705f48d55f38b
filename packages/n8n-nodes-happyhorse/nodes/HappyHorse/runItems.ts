import type { Client } from "@happyhorse/core/node"
import { dialectFor, type TaskEvent, TaskCanceled, TaskFailed } from "@happyhorse/core"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import type { IBinaryKeyData, IDataObject, INode, INodeExecutionData } from "n8n-workflow"
import { NodeOperationError } from "n8n-workflow"
import { downloadToBinary, type ToBinary } from "../../shared/binaryOutput.js"
import { cancelOnGateway } from "../../shared/cancelOnGateway.js"
import { type ClientFactory, clientOptions, type TestKnobs } from "../../shared/clientFactory.js"
import { decodeCredentials, type HappyHorseCredentials } from "../../shared/credentials.js"
import { taskJson } from "../../shared/taskJson.js"
import { errorTag, ExecutionCanceled, toNodeError } from "../../shared/nodeErrors.js"
import {
  type ParamReader,
  readMode,
  readOptions,
  readParam,
  readTaskId,
  readVideoRequest,
  Resource,
  TaskOperation,
  VideoOperation,
  type WaitSettings,
  waitSettings,
} from "./readParams.js"

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
  readonly fetch?: typeof fetch
  /** Where downloads land before n8n takes them; default: the OS temp folder. */
  readonly tempRoot?: string
}

type Output = { readonly json: IDataObject; readonly binary?: IBinaryKeyData }

// A function, not a property read, so the check is made afresh after each await.
const aborted = (port: ExecutePort): boolean => port.signal?.aborted === true

const loadCredentials = async (port: ExecutePort): Promise<HappyHorseCredentials> => {
  const decoded = decodeCredentials(await port.credentials())
  if (Either.isRight(decoded)) return decoded.right
  throw new NodeOperationError(port.node, "The HappyHorse API credential is incomplete", {
    description: ParseResult.TreeFormatter.formatErrorSync(decoded.left),
  })
}

const snapshotJson = (event: TaskEvent, gateway: string): IDataObject => {
  switch (event._tag) {
    case "Succeeded":
      return {
        taskId: event.taskId,
        gateway,
        status: "succeeded",
        videoUrl: event.videoUrl,
        ...(event.duration === undefined ? {} : { duration: event.duration }),
        ...(event.resolution === undefined ? {} : { resolution: event.resolution }),
        elapsedMs: event.elapsedMs,
      }
    default:
      return { taskId: event.taskId, gateway, status: event._tag.toLowerCase() }
  }
}

/** One item's work, with the task id kept for a cancel on the way out. */
class ItemRun {
  taskId: string | undefined
  /** True while a paid submit is on the wire: a cancel then may leave a task we never learn of. */
  submitting = false
  constructor(
    readonly port: ExecutePort,
    readonly services: RunServices,
    readonly client: Client,
    readonly credentials: HappyHorseCredentials,
    readonly itemIndex: number,
  ) {}

  private get signalOption() {
    return this.port.signal === undefined ? {} : { signal: this.port.signal }
  }

  async video(operation: typeof VideoOperation.Type): Promise<Output> {
    const request = readVideoRequest(this.port.node, this.port.param, operation, this.itemIndex)
    const options = readOptions(this.port.node, this.port.param, this.itemIndex)
    const settings = readMode(this.port.node, this.port.param, this.itemIndex) === "wait" ? waitSettings(options) : undefined
    const estimate = await this.client.estimate(request)
    this.submitting = true
    const receipt = await this.client.submit(request, this.signalOption)
    this.submitting = false
    this.taskId = receipt.taskId
    const costUsd = { estimatedCostUsd: estimate.usd }
    if (settings === undefined) {
      return { json: { taskId: receipt.taskId, gateway: receipt.gateway, status: "submitted", ...costUsd } }
    }
    const done = await this.finish(receipt.taskId, settings)
    return { ...done, json: { ...done.json, ...costUsd } }
  }

  async task(operation: typeof TaskOperation.Type): Promise<Output> {
    const taskId = readTaskId(this.port.node, this.port.param, this.itemIndex)
    this.taskId = taskId
    switch (operation) {
      case "get":
        return { json: taskJson(await this.client.get(taskId, this.signalOption)) }
      case "wait":
        return this.finish(taskId, waitSettings(readOptions(this.port.node, this.port.param, this.itemIndex)))
      case "download": {
        const property = waitSettings(readOptions(this.port.node, this.port.param, this.itemIndex)).binaryPropertyName
        const file = await downloadToBinary(this.client, taskId, this.port.toBinary, this.downloadOptions())
        return {
          json: { taskId, gateway: this.client.gateway, status: "succeeded", fileName: file.fileName, bytes: file.bytes },
          binary: { [property]: file.binary },
        }
      }
    }
  }

  private downloadOptions(url?: string) {
    return {
      ...this.signalOption,
      ...(url === undefined ? {} : { url }),
      ...(this.services.tempRoot === undefined ? {} : { tempRoot: this.services.tempRoot }),
    }
  }

  /** Waits for the end, fails on a failed or canceled task, and downloads when asked. */
  private async finish(taskId: string, settings: WaitSettings): Promise<Output> {
    const final = await this.client.watch(taskId, { ...this.signalOption, timeoutMs: settings.timeoutMs })
    const gateway = this.client.gateway
    if (final._tag === "Failed") {
      throw new TaskFailed({ gateway, taskId, reason: final.reason, ...(final.code === undefined ? {} : { code: final.code }) })
    }
    if (final._tag !== "Succeeded") throw new TaskCanceled({ gateway, taskId })
    const json = snapshotJson(final, gateway)
    if (!settings.download) return { json }
    const file = await downloadToBinary(this.client, taskId, this.port.toBinary, this.downloadOptions(final.videoUrl))
    return { json: { ...json, fileName: file.fileName, bytes: file.bytes }, binary: { [settings.binaryPropertyName]: file.binary } }
  }

  run(): Promise<Output> {
    const resource = readParam(this.port.node, this.port.param, Resource, "resource", this.itemIndex, "video")
    return resource === "video"
      ? this.video(readParam(this.port.node, this.port.param, VideoOperation, "operation", this.itemIndex))
      : this.task(readParam(this.port.node, this.port.param, TaskOperation, "operation", this.itemIndex))
  }

  /** After a cancel: stop the task on the gateway where that is possible. */
  async canceled(): Promise<ExecutionCanceled> {
    const taskId = this.taskId
    if (taskId === undefined) return new ExecutionCanceled(undefined, false, this.submitting)
    const done = await cancelOnGateway(dialectFor(this.client.gateway), this.client.baseUrl, this.credentials.apiKey, taskId, this.services.fetch)
    return new ExecutionCanceled(taskId, done)
  }
}

/** Runs every input item; an item's failure becomes an error item under Continue On Fail. */
export const runItems = async (port: ExecutePort, services: RunServices): Promise<INodeExecutionData[][]> => {
  const credentials = await loadCredentials(port)
  let client: Client
  try {
    client = services.makeClient(clientOptions(credentials, services.knobs))
  } catch (error) {
    throw toNodeError(port.node, error, 0)
  }
  const out: INodeExecutionData[] = []
  try {
    for (let itemIndex = 0; itemIndex < port.items.length; itemIndex++) {
      if (aborted(port)) throw toNodeError(port.node, new ExecutionCanceled(undefined, false), itemIndex)
      const item = new ItemRun(port, services, client, credentials, itemIndex)
      try {
        const result = await item.run()
        out.push({ ...result, pairedItem: { item: itemIndex } })
      } catch (raw) {
        // A cancel stops the whole execution, whatever Continue On Fail says.
        if (aborted(port)) throw toNodeError(port.node, await item.canceled(), itemIndex)
        const error = toNodeError(port.node, raw, itemIndex)
        if (!port.continueOnFail()) throw error
        out.push({
          json: {
            error: error.message,
            errorType: errorTag(raw),
            ...(error.description === undefined || error.description === null ? {} : { description: error.description }),
            ...(item.taskId === undefined ? {} : { taskId: item.taskId }),
          },
          pairedItem: { item: itemIndex },
        })
      }
    }
  } finally {
    await client.dispose()
  }
  return [out]
}
