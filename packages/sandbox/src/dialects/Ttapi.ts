import { header, json, retryAfter, wireError, type Reply, type WireError } from "../http/Wire.js"
import { OPERATION_PATHS, pathId } from "./Common.js"
import { readDashScopeTask, submitDashScopeBody } from "./DashScopeBody.js"
import type { Dialect } from "./Dialect.js"

// ttapi: TT-API-KEY header, DashScope body, errors {status:"FAILED", message}.
const STATUS: Record<WireError["kind"], number> = {
  invalid: 400,
  unauthorized: 401,
  no_balance: 402,
  rejected: 400,
  rate_limited: 429,
  server: 500,
  not_found: 404,
  unsupported: 400,
}

const SUBMIT_PREFIX = "/happyhorse/api/v1/services/aigc/video-generation/"

const error = (e: WireError): Reply => json(STATUS[e.kind], { status: "FAILED", message: e.message }, retryAfter(e))

export const ttapi: Dialect = {
  name: "ttapi",
  apiKey: (headers) => header(headers, "tt-api-key")?.trim() || undefined,
  error,
  handle: async (ctx, env) => {
    if (ctx.method === "POST" && ctx.path.startsWith(SUBMIT_PREFIX)) {
      const op = ctx.path.slice(SUBMIT_PREFIX.length)
      if (!(op in OPERATION_PATHS)) return error(wireError("not_found", "Not Found"))
      ctx.note.kind = "submit"
      return submitDashScopeBody(ctx, env, "ttapi", OPERATION_PATHS[op], error)
    }
    const id = ctx.method === "GET" ? pathId(ctx.path, "/happyhorse/api/v1/tasks/") : undefined
    if (id !== undefined) return readDashScopeTask(ctx, env, id)
    return error(wireError("not_found", "Not Found"))
  },
}
