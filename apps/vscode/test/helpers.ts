import type { Client, TaskEvent } from "@happyhorse/core/node"
import type { StateStore } from "../src/tasks/TaskStore.js"

/** An in-memory Memento. */
export const memoryState = (initial: Record<string, unknown> = {}): StateStore & { readonly data: Map<string, unknown> } => {
  const data = new Map<string, unknown>(Object.entries(initial))
  return {
    data,
    get: (key) => data.get(key),
    update: async (key, value) => {
      data.set(key, JSON.parse(JSON.stringify(value)))
    },
  }
}

export interface FakeClientScript {
  readonly submit?: () => Promise<{ taskId: string }>
  readonly events?: ReadonlyArray<TaskEvent>
  /** Reject the watch with this instead of ending. */
  readonly watchError?: unknown
  /** Never end the watch until its signal aborts. */
  readonly hang?: boolean
  readonly downloadPath?: string
}

const abortError = () => new DOMException("The operation was aborted", "AbortError")

/** A core client whose answers are scripted; it records every call. */
export const fakeClient = (script: FakeClientScript): Client & { readonly calls: Array<string> } => {
  const calls: Array<string> = []
  return {
    calls,
    gateway: "ttapi",
    baseUrl: "http://127.0.0.1:1",
    capabilities: {
      gateway: "ttapi",
      models: { "text-to-video": ["1.0"] },
      ratios: ["16:9"],
      seed: { min: 0, max: 1 },
      callbacks: false,
      ndjson: false,
      batchQuery: 0,
      contentRange: false,
      cancel: false,
      sources: [],
    },
    validate: async () => {
      throw new Error("not scripted")
    },
    estimate: async () => ({ gateway: "ttapi", usd: 0.7, billedSeconds: 5, perSecondUsd: 0.14, basis: "published", source: "test", note: "5 s of 720P output" }),
    submit: async () => {
      calls.push("submit")
      const receipt = script.submit ? await script.submit() : { taskId: "task-1" }
      return { ...receipt, gateway: "ttapi" }
    },
    get: async () => {
      throw new Error("not scripted")
    },
    watch: (taskId, options) => {
      calls.push(`watch ${taskId}`)
      for (const event of script.events ?? []) {
        if (event._tag === "Progress") options?.onEvent?.(event)
      }
      if (script.watchError !== undefined) return Promise.reject(script.watchError)
      if (script.hang === true) {
        return new Promise((_, reject) => {
          options?.signal?.addEventListener("abort", () => reject(abortError()))
        })
      }
      const last = [...(script.events ?? [])].reverse().find((e) => e._tag !== "Progress" && e._tag !== "Submitted")
      return Promise.resolve(last ?? { _tag: "Succeeded", taskId, videoUrl: "http://127.0.0.1:1/v.mp4", elapsedMs: 1 })
    },
    download: async (taskId, options) => {
      calls.push(`download ${taskId} ${options?.url ?? ""}`)
      return { path: script.downloadPath ?? `${options?.outDir ?? "."}/${taskId}.mp4`, bytes: 1234 }
    },
    generate: async () => {
      throw new Error("not scripted")
    },
    generateMany: async () => {
      throw new Error("not scripted")
    },
    dispose: async () => undefined,
  }
}
