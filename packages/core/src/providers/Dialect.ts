import type * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import type { Capabilities } from "../domain/Capabilities.js"
import type { ErrorFacts } from "./classifyError.js"
import type { GatewayFailure, MalformedReply } from "../domain/Errors.js"
import type { GatewayName } from "../domain/Gateway.js"
import type { SubmitReceipt, TaskSnapshot } from "../domain/TaskStatus.js"
import type { NormalizedRequest } from "../domain/VideoRequest.js"

/** A call to make, relative to the gateway's origin. The HTTP layer adds auth and sends it. */
export interface WireRequest {
  readonly method: "GET" | "POST" | "DELETE"
  /** Path below the origin, starting with "/". */
  readonly path: string
  /** A JSON body. */
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
}

/** A gateway's answer: the status, lower-cased headers, and the body parsed as JSON when it is JSON. */
export interface WireReply {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  /** Parsed JSON, or the raw text when the body is not JSON. */
  readonly body: unknown
  /** When the reply came (epoch ms, from the Clock), to read a Retry-After date against. */
  readonly receivedAt?: number
}

export interface SubmitOptions {
  /** Ask for NDJSON snapshots on the submit call itself (only where `capabilities.ndjson`). */
  readonly stream: boolean
}

/**
 * One gateway's wire dialect: pure encoders and decoders, no I/O. The lifecycle in
 * lifecycle/ runs the same program over any dialect.
 *
 * Decoders turn every documented error shape into a typed error, and anything else
 * into `MalformedReply`; they never throw.
 */
export interface Dialect {
  readonly name: GatewayName
  /** The origin as the gateway's docs give it, e.g. https://api.tokenbay.com */
  readonly defaultBaseUrl: string
  readonly capabilities: Capabilities
  readonly authHeaders: (apiKey: Redacted.Redacted<string>) => Readonly<Record<string, string>>
  /** What the gateway's error body says, read with its documented error schema; else nothing. */
  readonly errorFacts: (body: unknown) => ErrorFacts | undefined

  readonly encodeSubmit: (request: NormalizedRequest, options: SubmitOptions) => WireRequest
  readonly decodeSubmit: (reply: WireReply) => Effect.Effect<SubmitReceipt, GatewayFailure>

  readonly encodeQuery: (taskId: string) => WireRequest
  readonly decodeQuery: (taskId: string, reply: WireReply) => Effect.Effect<TaskSnapshot, GatewayFailure>

  /** Where `capabilities.batchQuery > 0`. */
  readonly encodeBatchQuery?: (taskIds: ReadonlyArray<string>) => WireRequest
  readonly decodeBatchQuery?: (reply: WireReply) => Effect.Effect<ReadonlyArray<TaskSnapshot>, GatewayFailure>

  /** Where `capabilities.ndjson`: one parsed line of the submit stream. */
  readonly decodeStreamLine?: (line: unknown) => Effect.Effect<TaskSnapshot, GatewayFailure>

  /** Where `capabilities.callbacks`: the body the gateway POSTs to the callback URL. */
  readonly decodeCallback?: (body: unknown) => Effect.Effect<TaskSnapshot, MalformedReply>

  /** Where `capabilities.cancel`. */
  readonly encodeCancel?: (taskId: string) => WireRequest

  /** Where `capabilities.contentRange`: the authenticated content path for a finished task. */
  readonly contentPath?: (taskId: string) => string
}

/** What a dialect declares about its gateway; whether it offers callbacks, NDJSON, a content path or cancel is read off what it implements. */
export type DeclaredCapabilities = Omit<Capabilities, "callbacks" | "ndjson" | "contentRange" | "cancel">

/** A dialect as written: its functions, and the facts no function can show (models, ratios, seed range). */
export type DialectSpec = Omit<Dialect, "capabilities"> & { readonly offers: DeclaredCapabilities }

/** Capabilities derived from the dialect itself, so a flag can never promise what it does not implement. */
export const makeDialect = ({ offers, ...dialect }: DialectSpec): Dialect => ({
  ...dialect,
  capabilities: {
    ...offers,
    batchQuery: dialect.encodeBatchQuery !== undefined && dialect.decodeBatchQuery !== undefined ? offers.batchQuery : 0,
    callbacks: dialect.decodeCallback !== undefined,
    ndjson: dialect.decodeStreamLine !== undefined,
    contentRange: dialect.contentPath !== undefined,
    cancel: dialect.encodeCancel !== undefined,
  },
})
