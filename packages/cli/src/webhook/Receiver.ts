import { type CallbackInboxService, dialects, type GatewayName, isTerminal, type QueryError, resolveGatewayName, type TaskSnapshot } from "@happyhorse/core"
import * as Effect from "effect/Effect"
import * as Runtime from "effect/Runtime"
import type * as Scope from "effect/Scope"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import type { JournalService } from "../journal/Journal.js"
import type { TaskRow } from "../journal/TaskRow.js"

/** What the receiver decided about one callback, for logs and tests. */
export type Verdict =
  | { readonly _tag: "Accepted"; readonly key: string; readonly taskId: string; readonly status: string }
  | { readonly _tag: "Duplicate"; readonly key: string; readonly taskId: string }
  | { readonly _tag: "Refused"; readonly status: number; readonly reason: string }

export interface ReceiverOptions {
  readonly port: number
  /** 127.0.0.1 unless the user exposes it on purpose. */
  readonly host?: string
  readonly journal: JournalService
  /** Fetch the task again from its gateway: the only source a callback is trusted from. */
  readonly verify: (row: TaskRow) => Effect.Effect<TaskSnapshot, QueryError>
  /** Wakes tasks waiting in this process. */
  readonly inbox?: CallbackInboxService | undefined
  readonly onVerdict?: ((verdict: Verdict) => void) | undefined
}

export interface Receiver {
  readonly port: number
  /** `http://host:port/hooks`; the callback URL of a task is this plus `/<token>`. */
  readonly base: string
}

const MAX_BODY = 1_048_576
const TOKEN = /^\/hooks\/([A-Za-z0-9_-]{16,128})$/

const readBody = (req: IncomingMessage): Promise<string | undefined> =>
  new Promise((resolve) => {
    const chunks: Array<Buffer> = []
    let size = 0
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY) {
        resolve(undefined)
        req.destroy()
      } else chunks.push(chunk)
    })
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", () => resolve(undefined))
  })

const SETTLED: ReadonlyArray<TaskRow["state"]> = ["succeeded", "done", "failed"]

/**
 * Judge one callback. The token names the task; the body must decode in the gateway's callback
 * shape and name the same task; then the task is fetched again and only that reading is used.
 */
export const judge = (
  options: Pick<ReceiverOptions, "journal" | "verify" | "inbox">,
  token: string,
  text: string,
): Effect.Effect<Verdict> =>
  Effect.gen(function* () {
    const refuse = (status: number, reason: string): Verdict => ({ _tag: "Refused", status, reason })
    const found = yield* options.journal.byToken(token).pipe(Effect.option)
    if (found._tag === "None" || found.value._tag === "None") return refuse(404, "unknown callback token")
    const row = found.value.value
    const gateway: GatewayName | undefined = resolveGatewayName(row.gateway)
    const decodeCallback = gateway === undefined ? undefined : dialects[gateway].decodeCallback
    if (decodeCallback === undefined) return refuse(400, "this gateway sends no callbacks")
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      return refuse(400, "the body is not JSON")
    }
    const claimed = yield* Effect.either(decodeCallback(body))
    if (claimed._tag === "Left") return refuse(400, "the body is not a callback of this gateway")
    if (row.task_id === null) return refuse(409, "the task id is not journaled yet; send again later")
    if (claimed.right.taskId !== row.task_id) return refuse(403, "the callback names another task")
    if (SETTLED.includes(row.state)) return { _tag: "Duplicate", key: row.key, taskId: row.task_id }

    const fresh = yield* Effect.either(options.verify(row))
    if (fresh._tag === "Left") return refuse(503, `the task could not be fetched again: ${fresh.left._tag}`)
    const snapshot = fresh.right
    if (!isTerminal(snapshot.status)) return refuse(409, "the gateway says the task has not finished")
    const status = snapshot.status
    const update =
      status._tag === "Succeeded"
        ? options.journal.update(row.key, { state: "succeeded", video_url: status.videoUrl, progress: 100, error_tag: null, error: null })
        : options.journal.update(row.key, {
            state: "failed",
            error_tag: status._tag === "Failed" ? "TaskFailed" : status._tag === "Canceled" ? "TaskCanceled" : "ResultExpired",
            error: status._tag === "Failed" ? status.reason : `the gateway reports ${snapshot.rawStatus}`,
            finished_at: Date.now(),
          })
    yield* update.pipe(Effect.orDie)
    if (options.inbox !== undefined) yield* options.inbox.deliver(snapshot)
    return { _tag: "Accepted", key: row.key, taskId: row.task_id, status: status._tag }
  })

/** Serve callbacks on 127.0.0.1 (by default) until the scope closes. */
export const serveWebhooks = (options: ReceiverOptions): Effect.Effect<Receiver, Error, Scope.Scope> =>
  Effect.gen(function* () {
    const runtime = yield* Effect.runtime<never>()
    const run = Runtime.runPromise(runtime)
    const host = options.host ?? "127.0.0.1"
    const handle = async (req: IncomingMessage, res: ServerResponse) => {
      const reply = (status: number, body: Record<string, unknown>) => {
        res.writeHead(status, { "content-type": "application/json" })
        res.end(JSON.stringify(body))
      }
      const match = TOKEN.exec(new URL(req.url ?? "/", "http://localhost").pathname)
      if (req.method !== "POST" || match?.[1] === undefined) return reply(404, { error: "not found" })
      const text = await readBody(req)
      if (text === undefined) return reply(413, { error: "body too large" })
      const verdict = await run(judge(options, match[1], text))
      options.onVerdict?.(verdict)
      if (verdict._tag === "Refused") return reply(verdict.status, { error: verdict.reason })
      return reply(200, { ok: true, duplicate: verdict._tag === "Duplicate" })
    }
    const server = createServer((req, res) => {
      handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end()
      })
    })
    yield* Effect.acquireRelease(
      Effect.async<void, Error>((resume) => {
        server.once("error", (error) => resume(Effect.fail(error)))
        server.listen(options.port, host, () => resume(Effect.void))
      }),
      () =>
        Effect.async<void>((resume) => {
          server.close(() => resume(Effect.void))
          server.closeAllConnections()
        }),
    )
    const port = (server.address() as AddressInfo).port
    return { port, base: `http://${host}:${port}/hooks` }
  })
