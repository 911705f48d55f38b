import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http"
import type { RequestKind } from "../domain/Ledger.js"

/** What a handler answers; the server writes it (with Range support for files). */
export type Reply =
  | { readonly _tag: "Json"; readonly status: number; readonly body: unknown; readonly headers?: Record<string, string> }
  | {
      readonly _tag: "Text"
      readonly status: number
      readonly body: string
      readonly contentType: string
      readonly headers?: Record<string, string>
    }
  | { readonly _tag: "File"; readonly path: string; readonly size: number; readonly contentType: string }
  /** The handler wrote (or is streaming) the response itself. */
  | { readonly _tag: "Handled"; readonly status: number }

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply =>
  headers === undefined ? { _tag: "Json", status, body } : { _tag: "Json", status, body, headers }

/** A gateway-neutral error; each dialect turns it into its own wire shape and HTTP code. */
export type WireErrorKind =
  | "invalid"
  | "unauthorized"
  | "no_balance"
  | "rejected"
  | "rate_limited"
  | "server"
  | "not_found"
  | "unsupported"

export interface WireError {
  readonly kind: WireErrorKind
  readonly message: string
  readonly param?: string
  readonly retryAfterSeconds?: number
}

export const wireError = (kind: WireErrorKind, message: string, param?: string): WireError =>
  param === undefined ? { kind, message } : { kind, message, param }

/** Retry-After header for 429 replies. */
export const retryAfter = (error: WireError): Record<string, string> =>
  error.retryAfterSeconds === undefined ? {} : { "retry-after": String(error.retryAfterSeconds) }

export interface RequestContext {
  readonly req: IncomingMessage
  readonly res: ServerResponse
  readonly method: string
  /** Path below the dialect prefix, e.g. "/v1/videos/task_1". */
  readonly path: string
  readonly url: URL
  readonly headers: IncomingHttpHeaders
  readonly apiKey: string
  readonly body: () => Promise<Buffer>
  /** Set by handlers so the request log knows what the request was. */
  readonly note: { kind: RequestKind; taskId: string | undefined }
}

export const bearer = (headers: IncomingHttpHeaders): string | undefined => {
  const value = headers["authorization"]
  if (typeof value !== "string") return undefined
  const match = /^Bearer\s+(.+)$/i.exec(value.trim())
  return match?.[1]?.trim() || undefined
}

export const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}

/** Parses a JSON body; undefined when it is not JSON. */
export const parseJson = (buffer: Buffer): { readonly ok: true; readonly value: unknown } | { readonly ok: false } => {
  try {
    return { ok: true, value: JSON.parse(buffer.toString("utf8")) }
  } catch {
    return { ok: false }
  }
}
