import { dialectFor, type GatewayName, type ManyError, type ManyResult, TaskCanceled, TaskFailed, type VideoRequest } from "@happyhorse/core"
import type { Client, CreateClientOptions } from "@happyhorse/core/node"
import { mkdir, writeFile } from "node:fs/promises"
import { join } from "node:path"
import type { Readable } from "node:stream"
import type { IBinaryData, INode, INodeExecutionData } from "n8n-workflow"
import type { ExecutePort } from "../../nodes/HappyHorse/runItems.js"

export const testNode: INode = {
  id: "node-1",
  name: "HappyHorse",
  type: "CUSTOM.happyHorse",
  typeVersion: 1,
  position: [0, 0],
  parameters: {},
}

/** The bytes of a tiny file that passes the "ftyp" signature check. */
export const fakeMp4 = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from("ftypisom"), Buffer.alloc(1000, 7)])

export interface Recorded {
  readonly submitted: Array<VideoRequest>
  readonly watched: Array<{ taskId: string; timeoutMs: number | undefined }>
  readonly downloads: Array<{ taskId: string; outDir: string; url: string | undefined }>
  readonly options: Array<CreateClientOptions>
  disposed: number
}

export const newRecorded = (): Recorded => ({ submitted: [], watched: [], downloads: [], options: [], disposed: 0 })

const unexpected = (what: string) => () => Promise.reject(new Error(`unexpected call: ${what}`))

/**
 * generateMany over the fake's own submit, watch and download, one task after another, with the
 * events and per-item results of the real one: enough for what the node does with them.
 */
const manyThrough = (client: () => Client): Client["generateMany"] => async (requests, options) => {
  const results: Array<ManyResult> = []
  for (const [index, item] of requests.entries()) {
    const { key = String(index), request } = "request" in item ? item : { request: item }
    let taskId: string | undefined
    try {
      options?.onEvent?.({ _tag: "Submitting", index, key })
      taskId = (await client().submit(request as VideoRequest, options?.signal === undefined ? {} : { signal: options.signal })).taskId
      options?.onEvent?.({ _tag: "Submitted", index, key, taskId })
      const final = await client().watch(taskId, { ...(options?.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }), ...(options?.signal === undefined ? {} : { signal: options.signal }) })
      options?.onEvent?.({ _tag: "Task", index, key, event: final })
      if (final._tag === "Failed") throw new TaskFailed({ gateway: client().gateway, taskId, reason: final.reason })
      if (final._tag !== "Succeeded") throw new TaskCanceled({ gateway: client().gateway, taskId })
      const file = options?.outDir === undefined ? undefined : await client().download(taskId, { outDir: options.outDir, url: final.videoUrl })
      results.push({ _tag: "Success", index, key, taskId, videoUrl: final.videoUrl, file })
    } catch (error) {
      if (options?.signal?.aborted === true) throw error
      results.push({ _tag: "Failure", index, key, taskId, error: error as ManyError })
    }
  }
  return results
}

/** A core client whose calls are scripted per test; the rest fail loudly. */
export const fakeClient = (recorded: Recorded, overrides: Partial<Client> = {}, gateway: GatewayName = "tokenbay"): Client => {
  const client: Client = {
  gateway,
  baseUrl: "http://127.0.0.1:9",
  capabilities: dialectFor(gateway).capabilities,
  validate: unexpected("validate"),
  estimate: async () => ({ gateway, usd: 0.5, billedSeconds: 5, perSecondUsd: 0.1, basis: "reference", source: "test", note: "test" }),
  submit: async (request) => {
    recorded.submitted.push(request)
    return { taskId: "task-1", gateway }
  },
  get: unexpected("get"),
  watch: async (taskId, options) => {
    recorded.watched.push({ taskId, timeoutMs: options?.timeoutMs })
    return { _tag: "Succeeded", taskId, videoUrl: "https://cdn.example.com/v.mp4", duration: 5, resolution: "720P", elapsedMs: 1234 }
  },
  download: async (taskId, options) => {
    const outDir = options?.outDir ?? "."
    recorded.downloads.push({ taskId, outDir, url: options?.url })
    await mkdir(outDir, { recursive: true })
    const path = join(outDir, options?.fileName ?? `${taskId}.mp4`)
    await writeFile(path, fakeMp4)
    return { path, bytes: fakeMp4.length }
  },
  generate: unexpected("generate"),
  dispose: async () => {
    recorded.disposed += 1
  },
    generateMany: manyThrough(() => client),
    ...overrides,
  }
  return client
}

export interface BinaryCall {
  readonly fileName: string
  readonly mimeType: string
  readonly bytes: number
}

/** Reads the stream the way n8n's binary store would, chunk by chunk, and keeps only the count. */
export const countingToBinary = (calls: Array<BinaryCall>) => async (stream: Readable, fileName: string, mimeType: string): Promise<IBinaryData> => {
  let bytes = 0
  for await (const chunk of stream) bytes += Buffer.byteLength(chunk as Buffer)
  calls.push({ fileName, mimeType, bytes })
  return { data: "filesystem-v2", id: `filesystem-v2:${fileName}`, mimeType, fileName, fileSize: String(bytes) }
}

export type ItemParams = Readonly<Record<string, unknown>>

export interface PortOptions {
  readonly items?: ReadonlyArray<ItemParams>
  readonly credentials?: unknown
  readonly continueOnFail?: boolean
  readonly signal?: AbortSignal
  readonly binaries?: Array<BinaryCall>
}

/** An execute port over per-item parameter maps, falling back to the parameter's default like n8n. */
export const fakePort = (options: PortOptions): ExecutePort => {
  const items = options.items ?? [{}]
  const inputs: INodeExecutionData[] = items.map((_, i) => ({ json: { i } }))
  return {
    node: testNode,
    items: inputs,
    param: (name, itemIndex, fallback) => {
      const params = items[itemIndex] ?? {}
      return name in params ? params[name] : fallback
    },
    credentials: async () => options.credentials ?? { gateway: "tokenbay", apiKey: "sk-test", baseUrl: "" },
    continueOnFail: () => options.continueOnFail ?? false,
    signal: options.signal,
    toBinary: countingToBinary(options.binaries ?? []),
  }
}
