import { bearer, header, json, retryAfter, wireError, type Reply, type WireError } from "../http/Wire.js"
import { OPERATION_PATHS, pathId } from "./Common.js"
import { readDashScopeTask, submitDashScopeBody } from "./DashScopeBody.js"
import type { Dialect } from "./Dialect.js"

// Alibaba DashScope: the ttapi body, Bearer auth, `X-DashScope-Async: enable`, errors {request_id, code, message}.
const CODES: Record<WireError["kind"], readonly [number, string]> = {
  invalid: [400, "InvalidParameter"],
  unauthorized: [401, "InvalidApiKey"],
  no_balance: [400, "Arrearage"],
  rejected: [400, "DataInspectionFailed"],
  rate_limited: [429, "Throttling.RateQuota"],
  server: [500, "InternalError"],
  not_found: [404, "NotFound"],
  unsupported: [403, "AccessDenied"],
}

const makeError = (requestId: () => string) => (e: WireError): Reply => {
  const [status, code] = CODES[e.kind]
  return json(status, { request_id: requestId(), code, message: e.message }, retryAfter(e))
}

let counter = 0
const error = makeError(() => `sandbox-${(++counter).toString(16).padStart(8, "0")}`)

const SUBMIT_PREFIXES = ["/api/v1/services/aigc/video-generation/", "/api/v1/services/aigc/"]

export const dashscope: Dialect = {
  name: "dashscope",
  apiKey: bearer,
  error,
  handle: async (ctx, env) => {
    const fail = makeError(() => env.ids.uuid())
    const prefix = SUBMIT_PREFIXES.find((p) => ctx.path.startsWith(p))
    if (ctx.method === "POST" && prefix !== undefined) {
      const op = ctx.path.slice(prefix.length)
      if (!(op in OPERATION_PATHS)) return fail(wireError("not_found", "Not Found"))
      ctx.note.kind = "submit"
      if (header(ctx.headers, "x-dashscope-async")?.toLowerCase() !== "enable") {
        return fail(wireError("unsupported", "current user api does not support synchronous calls"))
      }
      return submitDashScopeBody(ctx, env, "dashscope", OPERATION_PATHS[op], fail)
    }
    const id = ctx.method === "GET" ? pathId(ctx.path, "/api/v1/tasks/") : undefined
    if (id !== undefined) return readDashScopeTask(ctx, env, id)
    return fail(wireError("not_found", "Not Found"))
  },
}
