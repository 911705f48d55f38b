import * as RpcSerialization from "@effect/rpc/RpcSerialization"
import * as RpcServer from "@effect/rpc/RpcServer"
import type { FromClientEncoded, FromServerEncoded } from "@effect/rpc/RpcMessage"
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js"
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js"
import * as Effect from "effect/Effect"
import * as Mailbox from "effect/Mailbox"
import * as Predicate from "effect/Predicate"
import type * as Scope from "effect/Scope"

type Id = string | number

/** Protocol versions older than the one that brought resource links to tool results. */
const BEFORE_RESOURCE_LINKS = new Set(["2025-03-26", "2024-11-05", "2024-10-07"])

interface Peer {
  readonly transport: Transport
  readonly parser: ReturnType<RpcSerialization.RpcSerialization["Type"]["unsafeMake"]>
  /** Our request id (a positive integer, as @effect/ai encodes ids) to the client's own id. */
  readonly pending: Map<number, Id>
  readonly cancelled: Set<number>
  acceptsResourceLinks: boolean
}

interface Token {
  readonly clientId: number
  readonly original: Id
  readonly requestId: Id
}

/** What the MCP server needs to know of a connected client. */
export interface Bridge {
  readonly protocol: RpcServer.Protocol["Type"]
  /** Starts a transport (stdio, or one Streamable HTTP session) as one MCP client. */
  readonly attach: (transport: Transport) => Effect.Effect<number>
  readonly acceptsResourceLinks: (clientId: number) => boolean
}

const isObject = Predicate.isRecord

/**
 * The MCP server of @effect/ai over any MCP SDK transport. It speaks JSON-RPC for the server
 * and fixes what the server's own encoding gets wrong for MCP: request id 0 and string ids (it
 * numbers ids itself), progress tokens (made unique, so sessions never see each other's
 * progress, and sent on the stream of the request they belong to), cancelled requests (no
 * answer follows) and its non-standard error fields.
 */
export const makeBridge: Effect.Effect<Bridge, never, Scope.Scope> = Effect.gen(function* () {
  const serialization = RpcSerialization.jsonRpc()
  const peers = new Map<number, Peer>()
  const tokens = new Map<number, Token>()
  const inbox = yield* Mailbox.make<readonly [number, FromClientEncoded]>()
  const disconnects = yield* Mailbox.make<number>()
  let nextClient = 0
  let nextId = 0
  let nextToken = 0

  const deliver = (peer: Peer, clientId: number, message: Record<string, unknown>) => {
    for (const decoded of peer.parser.decode(JSON.stringify(message)) as ReadonlyArray<FromClientEncoded>) {
      inbox.unsafeOffer([clientId, decoded])
    }
  }

  const receive = (clientId: number, incoming: JSONRPCMessage) => {
    const peer = peers.get(clientId)
    const message: Record<string, unknown> = { ...incoming }
    if (peer === undefined) return
    const method = typeof message["method"] === "string" ? message["method"] : undefined
    const params = isObject(message["params"]) ? message["params"] : undefined
    const original = message["id"]
    if (method !== undefined && (typeof original === "string" || typeof original === "number")) {
      const id = ++nextId
      peer.pending.set(id, original)
      let forwarded: Record<string, unknown> = { ...message, id }
      const meta = params !== undefined && isObject(params["_meta"]) ? params["_meta"] : undefined
      const token = meta?.["progressToken"]
      if (params !== undefined && meta !== undefined && (typeof token === "string" || typeof token === "number")) {
        const unique = ++nextToken
        tokens.set(unique, { clientId, original: token, requestId: original })
        forwarded = { ...forwarded, params: { ...params, _meta: { ...meta, progressToken: unique } } }
      }
      if (method === "initialize" && params !== undefined) {
        peer.acceptsResourceLinks = !BEFORE_RESOURCE_LINKS.has(String(params["protocolVersion"]))
      }
      deliver(peer, clientId, forwarded)
      return
    }
    if (method === "notifications/cancelled" && params !== undefined) {
      const entry = [...peer.pending].find(([, original]) => original === params["requestId"])
      if (entry === undefined) return
      peer.cancelled.add(entry[0])
      deliver(peer, clientId, { ...message, params: { ...params, requestId: String(entry[0]) } })
      return
    }
    deliver(peer, clientId, message)
  }

  const sendOne = (clientId: number, peer: Peer, out: Record<string, unknown>): Promise<void> | undefined => {
    const method = typeof out["method"] === "string" ? out["method"] : undefined
    if (method === undefined) {
      // An answer to a client's request.
      const id = Number(out["id"])
      const original = peer.pending.get(id)
      peer.pending.delete(id)
      if (peer.cancelled.delete(id) || original === undefined) return undefined
      for (const [unique, token] of tokens) if (token.clientId === clientId && token.requestId === original) tokens.delete(unique)
      const error = isObject(out["error"]) ? out["error"] : undefined
      const message: JSONRPCMessage =
        error === undefined
          ? { jsonrpc: "2.0", id: original, result: isObject(out["result"]) ? out["result"] : {} }
          : {
              jsonrpc: "2.0",
              id: original,
              error: {
                code: typeof error["code"] === "number" && error["code"] !== 0 ? error["code"] : -32603,
                message: typeof error["message"] === "string" ? error["message"] : "Internal error",
              },
            }
      return peer.transport.send(message, { relatedRequestId: original })
    }
    if (method.startsWith("@effect/rpc/")) return undefined
    const params = isObject(out["params"]) ? out["params"] : {}
    if (method === "notifications/progress") {
      const token = tokens.get(Number(params["progressToken"]))
      if (token === undefined || token.clientId !== clientId) return undefined
      return peer.transport.send(
        { jsonrpc: "2.0", method, params: { ...params, progressToken: token.original } },
        { relatedRequestId: token.requestId },
      )
    }
    const id = out["id"]
    return peer.transport.send(
      typeof id === "number" || typeof id === "string" ? { jsonrpc: "2.0", id, method, params } : { jsonrpc: "2.0", method, params },
    )
  }

  const protocol = yield* RpcServer.Protocol.make((writeRequest) =>
    Effect.gen(function* () {
      yield* inbox.take.pipe(
        Effect.flatMap(([clientId, message]) => writeRequest(clientId, message)),
        Effect.forever,
        Effect.forkScoped,
      )
      return {
        disconnects,
        send: (clientId: number, response: FromServerEncoded) =>
          Effect.suspend(() => {
            const peer = peers.get(clientId)
            if (peer === undefined) return Effect.void
            const encoded = peer.parser.encode(response)
            if (typeof encoded !== "string") return Effect.void
            const parsed: unknown = JSON.parse(encoded)
            const all = Array.isArray(parsed) ? parsed : [parsed]
            return Effect.forEach(
              all.filter(isObject),
              (out) => Effect.tryPromise(() => sendOne(clientId, peer, out) ?? Promise.resolve()).pipe(Effect.ignore),
              { discard: true },
            )
          }),
        end: (clientId: number) =>
          Effect.suspend(() => {
            const peer = peers.get(clientId)
            return peer === undefined ? Effect.void : Effect.tryPromise(() => peer.transport.close()).pipe(Effect.ignore)
          }),
        clientIds: Effect.sync(() => new Set(peers.keys())),
        initialMessage: Effect.succeedNone,
        supportsAck: false,
        supportsTransferables: false,
        supportsSpanPropagation: false,
      }
    }),
  )

  const attach = (transport: Transport) =>
    Effect.promise(async () => {
      const clientId = nextClient++
      peers.set(clientId, {
        transport,
        parser: serialization.unsafeMake(),
        pending: new Map(),
        cancelled: new Set(),
        acceptsResourceLinks: true,
      })
      transport.onmessage = (message) => receive(clientId, message)
      transport.onclose = () => {
        if (!peers.delete(clientId)) return
        for (const [unique, token] of tokens) if (token.clientId === clientId) tokens.delete(unique)
        disconnects.unsafeOffer(clientId)
      }
      await transport.start()
      return clientId
    })

  return {
    protocol,
    attach,
    acceptsResourceLinks: (clientId) => peers.get(clientId)?.acceptsResourceLinks ?? false,
  }
})
