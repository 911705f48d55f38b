import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { alibabaDecoders, encodeAlibabaBody } from "./alibabaBody.js"
import { readErrorFacts, segment } from "./decodeReply.js"
import { type Dialect, type DeclaredCapabilities, makeDialect } from "./Dialect.js"
import { ttapiCapabilities } from "./ttapi.js"

/** DashScope's error reply: `Arrearage`, `InvalidApiKey`, `DataInspectionFailed`, `Throttling.*`, … */
export const DashScopeError = Schema.Struct({
  request_id: Schema.optional(Schema.NullOr(Schema.String)),
  code: Schema.String,
  message: Schema.optional(Schema.NullOr(Schema.String)),
})

export const dashscopeCapabilities: DeclaredCapabilities = {
  ...ttapiCapabilities,
  gateway: "dashscope",
  sources: ["the same model and body as ttapi, which resells it: gateways.md A [I]"],
}

const errorFacts = readErrorFacts(DashScopeError, (error) => ({
  code: error.code,
  message: error.message ?? undefined,
  requestId: error.request_id ?? undefined,
}))

const decoders = alibabaDecoders("dashscope", errorFacts)

export const dashscope: Dialect = makeDialect({
  name: "dashscope",
  defaultBaseUrl: "https://dashscope.aliyuncs.com",
  offers: dashscopeCapabilities,
  authHeaders: (apiKey) => ({ Authorization: `Bearer ${Redacted.value(apiKey)}` }),
  errorFacts,
  encodeSubmit: (request) => ({
    method: "POST",
    path: "/api/v1/services/aigc/video-generation/video-synthesis",
    // Without this header DashScope refuses video synthesis (it only runs as a task).
    headers: { "X-DashScope-Async": "enable" },
    body: encodeAlibabaBody(request),
  }),
  decodeSubmit: decoders.decodeSubmit,
  encodeQuery: (taskId) => ({ method: "GET", path: `/api/v1/tasks/${segment(taskId)}` }),
  decodeQuery: decoders.decodeQuery,
})
