import {
  AuthError,
  ContentRejected,
  GatewayError,
  type GatewayFailure,
  InsufficientBalance,
  preview,
  RateLimited,
} from "../domain/Errors.js"
import type { GatewayName } from "../domain/Gateway.js"
import type { WireReply } from "./Dialect.js"
import { retryAfterMs } from "./wire.js"

/** What a gateway's error body says, in the words every dialect shares. */
export interface ErrorFacts {
  readonly code: string | undefined
  readonly type?: string | undefined
  readonly message: string | undefined
  /** The gateway's id for this request or trace (AceData's `trace_id`, an OpenAI-style `request_id`). */
  readonly requestId?: string | undefined
}

export interface ClassifyRules {
  /** AceData answers 403 both for balance (`used_up`) and for content review; the rest is content. */
  readonly forbiddenIsContent?: boolean
}

// Codes seen across the dialects' docs; matched on code and type, never on the whole body.
const AUTH = /invalid[_ .-]?(api[_ .-]?key|token)|unauthori[sz]ed|authentication|invalidapikey|access[_ .-]?denied[_ .-]?key/i
const RATE = /rate[_ .-]?(limit|quota)|too[_ .-]?many[_ .-]?requests|throttl/i
const BALANCE = /used[_ .-]?up|arrearage|insufficient|balance|quota|payment[_ .-]?required/i
const CONTENT_CODE = /sensitive|content|moderation|inspection|censor|inappropriate|policy[_ .-]?violation/i
const CONTENT_MESSAGE =
  /sensitive|moderation|inappropriate|censor|content[ _-]?(review|policy|inspection|filter|safety|violation)|violat\w* .*polic/i

const detailOf = (facts: ErrorFacts | undefined, reply: WireReply): string => {
  const message = facts?.message?.trim()
  return message !== undefined && message.length > 0 ? message.slice(0, 300) : preview(reply.body, 200)
}

/**
 * Turn an error reply into a typed failure, by HTTP status AND by the body's code, so that an
 * error sent with HTTP 200 (TokenBay) lands in the same place as one with its proper status.
 */
export const classifyError = (
  gateway: GatewayName,
  operation: string,
  reply: WireReply,
  facts: ErrorFacts | undefined,
  rules: ClassifyRules = {},
): GatewayFailure => {
  const status = reply.status
  const words = `${facts?.code ?? ""} ${facts?.type ?? ""}`
  const detail = detailOf(facts, reply)
  // The gateway's id for this request, from the body or, failing that, the usual headers.
  const requestId = facts?.requestId ?? reply.headers["x-request-id"] ?? reply.headers["x-trace-id"]
  const traced = requestId === undefined || requestId.length === 0 ? {} : { requestId: requestId.slice(0, 128) }
  if (status === 401 || AUTH.test(words)) return new AuthError({ gateway, status, detail, ...traced })
  if (status === 429 || RATE.test(words)) {
    const wait = retryAfterMs(reply.headers, reply.receivedAt)
    return new RateLimited({ gateway, detail, ...traced, ...(wait === undefined ? {} : { retryAfterMs: wait }) })
  }
  if (status === 402 || BALANCE.test(words)) return new InsufficientBalance({ gateway, detail, ...traced })
  if (
    CONTENT_CODE.test(words) ||
    CONTENT_MESSAGE.test(facts?.message ?? "") ||
    (status === 403 && rules.forbiddenIsContent === true)
  ) {
    return new ContentRejected({ gateway, detail, ...traced })
  }
  const code = facts?.code
  return new GatewayError({
    gateway,
    operation,
    status,
    detail,
    ...traced,
    ...(code === undefined || code.length === 0 ? {} : { code }),
  })
}
