import type { TaskKind } from "../domain/Task.js"
import { parseJson, wireError, type RequestContext } from "../http/Wire.js"
import type { Decoded } from "./Decode.js"

export const readJsonBody = async (ctx: RequestContext): Promise<Decoded<unknown>> => {
  const buffer = await ctx.body()
  const parsed = parseJson(buffer)
  return parsed.ok ? { ok: true, value: parsed.value } : { ok: false, error: wireError("invalid", "Request body is not valid JSON") }
}

/** Matches `/prefix/{id}` (and optional suffix) and returns the decoded id. */
export const pathId = (path: string, prefix: string, suffix = ""): string | undefined => {
  if (!path.startsWith(prefix) || !path.endsWith(suffix)) return undefined
  const id = path.slice(prefix.length, path.length - suffix.length)
  if (id.length === 0 || id.includes("/")) return undefined
  return decodeURIComponent(id)
}

export const OPERATION_PATHS: Record<string, TaskKind | undefined> = {
  "video-synthesis": undefined,
  "image-to-video": "i2v",
  "reference-to-video": "r2v",
  "video-edit": "edit",
}
