import type { IncomingHttpHeaders } from "node:http"
import type { DialectName } from "../domain/Task.js"
import type { SandboxEnv } from "../SandboxEnv.js"
import type { Reply, RequestContext, WireError } from "../http/Wire.js"

/** One gateway's wire dialect: how it authenticates, how it shapes errors, and its routes. */
export interface Dialect {
  readonly name: DialectName
  /** The API key from this gateway's auth header, if present. */
  readonly apiKey: (headers: IncomingHttpHeaders) => string | undefined
  readonly error: (error: WireError) => Reply
  readonly handle: (ctx: RequestContext, env: SandboxEnv) => Promise<Reply>
}
