import * as Schema from "effect/Schema"
import type { ErrorFacts } from "./classifyError.js"
import { codeText, LooseCode, nullable, readErrorFacts } from "./decodeReply.js"

/**
 * The OpenAI-style error body (`{"error": {message, type, code}}`), which new-api deployments
 * (TokenBay, sent with HTTP 200 for business failures) and EvoLink both answer with. Some add a
 * `request_id` beside it.
 */
export const OpenAiStyleError = Schema.Struct({
  error: Schema.Struct({
    message: nullable(Schema.String),
    type: nullable(Schema.String),
    code: nullable(LooseCode),
  }),
  request_id: nullable(Schema.String),
})

export const openAiErrorFacts: (body: unknown) => ErrorFacts | undefined = readErrorFacts(
  OpenAiStyleError,
  ({ error, request_id }) => ({
    code: codeText(error.code),
    type: error.type ?? undefined,
    message: error.message ?? undefined,
    requestId: request_id ?? undefined,
  }),
)
