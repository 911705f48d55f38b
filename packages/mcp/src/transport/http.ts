import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js"
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js"
import * as Effect from "effect/Effect"
import * as Runtime from "effect/Runtime"
import type * as Scope from "effect/Scope"
import { createHash, randomUUID, timingSafeEqual } from "node:crypto"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import { StartupError } from "../config/Connection.js"
import type { Bridge } from "../protocol/JsonRpcBridge.js"

export const MCP_PATH = "/mcp"
/** Shorter tokens are refused: the token is all that stands between a local web page and the user's key. */
export const MIN_TOKEN_LENGTH = 16
const MAX_BODY = 4 * 1024 * 1024

const digest = (text: string) => createHash("sha256").update(text).digest()

/** A bearer token check that takes the same time whatever the guess (equal-length digests). */
export const bearerMatches = (header: string | undefined, token: string): boolean => {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? "")
  const offered = match?.[1]?.trim() ?? ""
  return timingSafeEqual(digest(offered), digest(token)) && offered !== ""
}

const reply = (res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers })
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }))
}

const readJson = (req: IncomingMessage): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    let size = 0
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY) {
        reject(new Error("body too large"))
        req.destroy()
      } else chunks.push(chunk)
    })
    req.on("end", () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")))
      } catch (cause) {
        reject(cause)
      }
    })
    req.on("error", reject)
  })

export interface HttpServer {
  readonly url: string
  readonly port: number
}

/**
 * Streamable HTTP on 127.0.0.1 only, behind the user's bearer token; one MCP session (and one
 * client of the server) per `Mcp-Session-Id`, closed when the client deletes it or the server stops.
 */
export const serveHttp = (
  bridge: Bridge,
  options: { readonly port: number; readonly token: string },
): Effect.Effect<HttpServer, StartupError, Scope.Scope> =>
  Effect.gen(function* () {
    const runtime = yield* Effect.runtime<never>()
    const sessions = new Map<string, StreamableHTTPServerTransport>()
    let allowedHosts: Array<string> = []

    const handle = async (req: IncomingMessage, res: ServerResponse) => {
      const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname
      if (path !== MCP_PATH) return reply(res, 404, `Not found: the MCP endpoint is ${MCP_PATH}`)
      if (!bearerMatches(req.headers.authorization, options.token)) {
        return reply(res, 401, "Unauthorized: send Authorization: Bearer <HAPPYHORSE_MCP_TOKEN>", { "www-authenticate": "Bearer" })
      }
      const sessionId = req.headers["mcp-session-id"]
      const existing = typeof sessionId === "string" ? sessions.get(sessionId) : undefined
      if (existing !== undefined) return existing.handleRequest(req, res)
      if (sessionId !== undefined) return reply(res, 404, "Unknown or closed session: initialize again")
      if (req.method !== "POST") return reply(res, 400, "No session: start with an initialize request")
      let body: unknown
      try {
        body = await readJson(req)
      } catch {
        return reply(res, 400, "The body is not JSON (or is larger than 4 MB)")
      }
      if (!isInitializeRequest(body)) return reply(res, 400, "No session: start with an initialize request")
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        enableDnsRebindingProtection: true,
        allowedHosts,
        onsessioninitialized: (id) => void sessions.set(id, transport),
      })
      await Runtime.runPromise(runtime)(bridge.attach(transport))
      const closed = transport.onclose
      transport.onclose = () => {
        if (transport.sessionId !== undefined) sessions.delete(transport.sessionId)
        closed?.()
      }
      return transport.handleRequest(req, res, body)
    }

    const server = createServer((req, res) => {
      handle(req, res).catch(() => {
        if (!res.headersSent) reply(res, 500, "Internal error")
        else res.end()
      })
    })
    const port = yield* Effect.async<number, StartupError>((resume) => {
      server.once("error", (cause) =>
        resume(Effect.fail(new StartupError({ detail: `Cannot listen on 127.0.0.1:${options.port}: ${cause.message}` }))),
      )
      server.listen(options.port, "127.0.0.1", () => {
        const address = server.address()
        resume(Effect.succeed(typeof address === "object" && address !== null ? address.port : options.port))
      })
    })
    allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`]
    yield* Effect.addFinalizer(() =>
      Effect.promise(async () => {
        await Promise.all([...sessions.values()].map((t) => t.close().catch(() => undefined)))
        server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
      }),
    )
    return { url: `http://127.0.0.1:${port}${MCP_PATH}`, port }
  })
