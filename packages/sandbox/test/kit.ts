import { readFileSync, readdirSync, existsSync } from "node:fs"
import { join } from "node:path"
import type { Sandbox } from "../src/index.js"
import { KEY, call, obj, postJson, type Call } from "./helpers.js"

export type Gateway = "ttapi" | "tokenbay" | "evolink" | "acedata" | "dashscope"
export const GATEWAYS: ReadonlyArray<Gateway> = ["ttapi", "tokenbay", "evolink", "acedata", "dashscope"]

/** How to talk to each gateway in tests: written from the docs, like the sandbox, but kept minimal. */
export const headersFor = (gateway: Gateway, key = KEY): Record<string, string> =>
  gateway === "ttapi"
    ? { "tt-api-key": key }
    : gateway === "dashscope"
      ? { authorization: `Bearer ${key}`, "x-dashscope-async": "enable" }
      : { authorization: `Bearer ${key}` }

export const submitPath: Record<Gateway, string> = {
  ttapi: "/happyhorse/api/v1/services/aigc/video-generation/video-synthesis",
  dashscope: "/api/v1/services/aigc/video-generation/video-synthesis",
  tokenbay: "/v1/videos",
  evolink: "/v1/videos/generations",
  acedata: "/happyhorse/videos",
}

/** A valid text-to-video body; `duration` may be overridden to make it invalid. */
export const t2vBody = (gateway: Gateway, prompt: string, duration: number = 5, resolution: "720P" | "1080P" = "720P"): unknown => {
  switch (gateway) {
    case "ttapi":
    case "dashscope":
      return { model: "happyhorse-1.1-t2v", input: { prompt }, parameters: { resolution, duration } }
    case "tokenbay":
      return { model: "happyhorse-1.0-t2v", prompt, size: resolution, duration }
    case "evolink":
      return { model: "happyhorse-1.1-text-to-video", prompt, quality: resolution.toLowerCase(), duration }
    case "acedata":
      return { action: "generate", prompt, resolution, duration, async: true }
  }
}

export const submit = (sb: Sandbox, gateway: Gateway, body: unknown, key = KEY): Promise<Call> =>
  postJson(`${sb.urls[gateway]}${submitPath[gateway]}`, body, headersFor(gateway, key))

export const taskIdOf = (gateway: Gateway, reply: Call): string => {
  const body = obj(reply.body)
  if (gateway === "ttapi" || gateway === "dashscope") return String(obj(body["output"])["task_id"])
  if (gateway === "evolink" || gateway === "tokenbay") return String(body["id"])
  return String(body["task_id"])
}

export const query = (sb: Sandbox, gateway: Gateway, id: string, key = KEY): Promise<Call> => {
  const base = sb.urls[gateway]
  const headers = headersFor(gateway, key)
  switch (gateway) {
    case "ttapi":
      return call(`${base}/happyhorse/api/v1/tasks/${id}`, { headers })
    case "dashscope":
      return call(`${base}/api/v1/tasks/${id}`, { headers })
    case "tokenbay":
      return call(`${base}/v1/videos/${id}`, { headers })
    case "evolink":
      return call(`${base}/v1/tasks/${id}`, { headers })
    case "acedata":
      return postJson(`${base}/happyhorse/tasks`, { id, action: "retrieve" }, headers)
  }
}

/** The video URL in a finished query reply. */
export const videoUrlOf = (gateway: Gateway, reply: Call): string | undefined => {
  const body = obj(reply.body)
  switch (gateway) {
    case "ttapi":
    case "dashscope":
      return obj(body["output"])["video_url"] as string | undefined
    case "tokenbay":
      return obj(body["metadata"] ?? {})["url"] as string | undefined
    case "evolink":
      return (body["results"] as ReadonlyArray<string> | undefined)?.[0]
    case "acedata": {
      const data = obj(body["response"])["data"] as ReadonlyArray<unknown>
      return obj(data[0])["video_url"] as string | undefined
    }
  }
}

export interface Fixture {
  readonly file: string
  readonly gateway: Gateway
  readonly name: string
  readonly request?: { readonly method: string; readonly path: string; readonly headers?: Record<string, string>; readonly body?: unknown }
  readonly response?: { readonly status: number; readonly headers?: Record<string, string>; readonly body: unknown }
  readonly lines?: ReadonlyArray<unknown>
}

export const FIXTURE_DIR = join(import.meta.dirname, "../../../tooling/fixtures/gateways")

export const loadFixtures = (): ReadonlyArray<Fixture> => {
  if (!existsSync(FIXTURE_DIR)) return []
  return GATEWAYS.flatMap((gateway) => {
    const dir = join(FIXTURE_DIR, gateway)
    if (!existsSync(dir)) return []
    return readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((file) => {
        const data = JSON.parse(readFileSync(join(dir, file), "utf8")) as Omit<Fixture, "file" | "gateway" | "name">
        return { ...data, file: `${gateway}/${file}`, gateway, name: file.replace(/\.json$/, "") }
      })
  })
}

/**
 * Paths where `actual` lacks what `expected` has: every key of an expected object must be present,
 * with the same JSON type unless the expected value is null.
 */
export const shapeGaps = (expected: unknown, actual: unknown, path = "$"): ReadonlyArray<string> => {
  if (expected === null) return []
  const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v)
  if (kind(expected) !== kind(actual)) return [`${path}: expected ${kind(expected)}, got ${kind(actual)}`]
  if (Array.isArray(expected) && Array.isArray(actual)) {
    return expected.length > 0 && actual.length > 0 ? shapeGaps(expected[0], actual[0], `${path}[0]`) : []
  }
  if (kind(expected) === "object") {
    const e = expected as Record<string, unknown>
    const a = actual as Record<string, unknown>
    return Object.keys(e).flatMap((key) => (key in a ? shapeGaps(e[key], a[key], `${path}.${key}`) : [`${path}.${key}: missing`]))
  }
  return []
}
