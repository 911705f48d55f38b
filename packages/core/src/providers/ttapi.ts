import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { NormalizedRequest } from "../domain/VideoRequest.js"
import { alibabaDecoders, encodeAlibabaBody } from "./alibabaBody.js"
import { readErrorFacts, segment } from "./decodeReply.js"
import { type Dialect, type WireRequest, type DeclaredCapabilities, makeDialect } from "./Dialect.js"

/** ttapi's error reply, the same for every ttapi API. */
export const TtapiError = Schema.Struct({
  status: Schema.Literal("FAILED"),
  message: Schema.optional(Schema.NullOr(Schema.String)),
})

export const ttapiCapabilities: DeclaredCapabilities = {
  gateway: "ttapi",
  models: {
    "text-to-video": ["1.0", "1.1"],
    "image-to-video": ["1.0", "1.1"],
    "reference-to-video": ["1.0", "1.1"],
    "video-edit": ["1.0"],
  },
  ratios: ["16:9", "9:16", "3:4", "4:3", "1:1"],
  seed: { min: 0, max: 2147483647 },
  batchQuery: 0,
  sources: [
    "kinds, statuses, 720P/1080P, ratios 16:9 9:16 3:4 4:3 1:1: seed 000 [V]",
    "models 1.0/1.1, edit 1.0 only: gateways.md A [V]",
    "seed range 0..2147483647: DashScope body format [I]",
    "no callbacks, NDJSON, batch query, content endpoint or cancel documented: seed 000 [V]",
  ],
}

const prefix = "/happyhorse/api/v1"

const errorFacts = readErrorFacts(TtapiError, (error) => ({ code: undefined, message: error.message ?? undefined }))

const decoders = alibabaDecoders("ttapi", errorFacts)

export const ttapi: Dialect = makeDialect({
  name: "ttapi",
  defaultBaseUrl: "https://api.ttapi.io",
  offers: ttapiCapabilities,
  authHeaders: (apiKey) => ({ "TT-API-KEY": Redacted.value(apiKey) }),
  errorFacts,
  encodeSubmit: (request: NormalizedRequest): WireRequest => ({
    method: "POST",
    path: `${prefix}/services/aigc/video-generation/video-synthesis`,
    body: encodeAlibabaBody(request),
  }),
  decodeSubmit: decoders.decodeSubmit,
  encodeQuery: (taskId) => ({ method: "GET", path: `${prefix}/tasks/${segment(taskId)}` }),
  decodeQuery: decoders.decodeQuery,
})
