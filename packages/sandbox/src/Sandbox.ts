import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { acedata } from "./dialects/AceData.js"
import { dashscope } from "./dialects/DashScope.js"
import type { Dialect } from "./dialects/Dialect.js"
import { evolink } from "./dialects/EvoLink.js"
import { tokenbay } from "./dialects/TokenBay.js"
import { ttapi } from "./dialects/Ttapi.js"
import { makeLedger, type Ledger, type RequestRecord } from "./domain/Ledger.js"
import { billedSeconds, chargeUsd, unitPrice } from "./domain/Pricing.js"
import { makeRandom } from "./domain/Random.js"
import { makeRateLimiter } from "./domain/RateLimiter.js"
import { makeSandboxClock } from "./domain/SandboxClock.js"
import { TASK_TTL_MS, type DialectName } from "./domain/Task.js"
import { makeTaskBook } from "./domain/TaskBook.js"
import { makeCallbackRegistry } from "./http/Callbacks.js"
import { sendFile } from "./http/FileReply.js"
import { parseJson, wireError, type Reply, type RequestContext } from "./http/Wire.js"
import { makeRenderer } from "./media/Renderer.js"
import { defaultFaults, mergeFaults, type Faults, type SandboxOptions } from "./Options.js"
import { renderTask, type SandboxEnv } from "./SandboxEnv.js"

export interface SandboxUrls {
  readonly ttapi: string
  readonly tokenbay: string
  readonly evolink: string
  readonly acedata: string
  readonly dashscope: string
}

export interface Sandbox {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string
  /** Base URL per gateway; point a client's base URL here. */
  readonly urls: SandboxUrls
  readonly ledger: Ledger
  /** Changes fault knobs at run time; returns the knobs now in force. */
  readonly setFaults: (patch: Partial<Faults>) => Faults
  readonly faults: () => Faults
  /** Current sandbox time (epoch ms). */
  readonly now: () => number
  /** Jumps sandbox time forward (finishes due tasks, expires ids and URLs). */
  readonly advanceTime: (ms: number) => void
  /** Resolves when every callback delivery started so far has finished. */
  readonly callbacksIdle: () => Promise<void>
  readonly close: () => Promise<void>
}

const DIALECTS: Record<DialectName, Dialect> = { ttapi, tokenbay, evolink, acedata, dashscope }
const MAX_BODY = 64 * 1024 * 1024

const readBody = (req: IncomingMessage): Promise<Buffer> =>
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
    req.on("end", () => resolve(Buffer.concat(chunks)))
    req.on("error", reject)
  })

const writeJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  const text = JSON.stringify(body)
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": String(Buffer.byteLength(text)), ...headers })
  res.end(text)
}

const cdnError = (res: ServerResponse, status: 403 | 404, code: string, message: string) => {
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>\n`
  res.writeHead(status, { "content-type": "application/xml", "content-length": String(Buffer.byteLength(text)) })
  res.end(text)
}

/** Starts one HTTP server on 127.0.0.1 that speaks all five gateway dialects under their own path prefixes. */
export const startSandbox = async (options: SandboxOptions = {}): Promise<Sandbox> => {
  const timeScale = options.timeScale ?? 1
  if (!(timeScale > 0)) throw new Error("timeScale must be a positive number")
  const random = makeRandom(options.seed ?? 1)
  const clock = makeSandboxClock(timeScale)
  const ledger = makeLedger()
  const log = options.logger ?? (() => undefined)
  const book = makeTaskBook(clock, random.fork("tasks"), options.durations ?? {})
  const callbacks = makeCallbackRegistry(clock, ledger, log)
  const invalidKeys = new Set(options.invalidKeys ?? [])
  let faults = mergeFaults(defaultFaults, options.faults ?? {})
  let origin = ""

  const env: SandboxEnv = {
    clock,
    book,
    ledger,
    limiter: makeRateLimiter(options.limits ?? {}),
    faults: () => faults,
    ids: random.fork("ids"),
    chance: random.fork("faults"),
    testMode: options.testMode ?? false,
    origin: () => origin,
    renderer: makeRenderer(options.cacheDir ?? options.outputDir ?? undefined),
    callbacks,
    log,
  }

  // Billing happens when a task finishes well; callbacks go out after billing, as EvoLink documents.
  book.onSettled((task) => {
    if (task.outcome.ok) {
      const seconds = billedSeconds(task.spec.outputSeconds, task.spec.inputSeconds)
      ledger.recordCharge({
        apiKey: task.apiKey,
        dialect: task.dialect,
        taskId: task.id,
        resolution: task.spec.resolution,
        outputSeconds: task.spec.outputSeconds,
        inputSeconds: task.spec.inputSeconds,
        billedSeconds: seconds,
        unitPriceUsd: unitPrice(task.dialect, task.spec.resolution),
        amountUsd: chargeUsd(task.dialect, task.spec.resolution, seconds),
        sandboxMs: clock.now(),
        realMs: clock.realNow(),
      })
    }
    callbacks.deliverFor(task)
  })

  const record = (entry: Omit<RequestRecord, "seq" | "sandboxMs" | "realMs">, sandboxMs: number, realMs: number) =>
    ledger.recordRequest({ ...entry, sandboxMs, realMs })

  const admin = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const path = url.pathname
    if (req.method === "GET" && path === "/__admin/ledger") {
      const key = url.searchParams.get("key")
      return writeJson(res, 200, key === null ? ledger.snapshot() : { keys: { [key]: ledger.snapshot().keys[key] ?? null } })
    }
    if (path === "/__admin/faults") {
      if (req.method === "POST") {
        const parsed = parseJson(await readBody(req))
        if (!parsed.ok || typeof parsed.value !== "object" || parsed.value === null) return writeJson(res, 400, { error: "JSON object expected" })
        faults = mergeFaults(faults, parsed.value as Partial<Faults>)
      }
      return writeJson(res, 200, faults)
    }
    if (req.method === "POST" && path === "/__admin/advance") {
      const ms = Number(url.searchParams.get("ms") ?? "0")
      if (!Number.isFinite(ms) || ms < 0) return writeJson(res, 400, { error: "ms must be a non-negative number" })
      clock.advance(ms)
      book.settleDue()
      return writeJson(res, 200, { now: clock.now() })
    }
    if (req.method === "GET" && path === "/__admin/health") {
      return writeJson(res, 200, { ok: true, now: clock.now(), timeScale, urls: sandbox.urls })
    }
    return writeJson(res, 404, { error: "unknown admin route" })
  }

  const files = (req: IncomingMessage, res: ServerResponse, url: URL, sandboxMs: number, realMs: number) => {
    const match = /^\/files\/([a-z0-9]+)\.mp4$/.exec(url.pathname)
    const task = match?.[1] === undefined ? undefined : book.byFileToken(match[1])
    const done = task === undefined ? undefined : book.view(task)
    const note = (status: number, fault?: "truncated") =>
      record(
        { apiKey: task?.apiKey, dialect: task?.dialect, method: req.method ?? "GET", path: url.pathname, status, kind: "file", taskId: task?.id, fault },
        sandboxMs,
        realMs,
      )
    if (task === undefined || done === undefined || done.state !== "succeeded" || done.finishedAt === undefined) {
      note(404)
      return cdnError(res, 404, "NoSuchKey", "The specified key does not exist.")
    }
    if (clock.now() - done.finishedAt > TASK_TTL_MS) {
      note(403)
      return cdnError(res, 403, "AccessDenied", "Request has expired.")
    }
    return renderTask(env, task).then((file) => {
      const truncate = faults.truncateDownloadRate > 0 && env.chance.next() < faults.truncateDownloadRate
      const status = sendFile(req, res, { ...file, contentType: "video/mp4" }, truncate)
      note(status, truncate ? "truncated" : undefined)
    })
  }

  const writeReply = (req: IncomingMessage, res: ServerResponse, reply: Reply): { status: number; truncated: boolean } => {
    switch (reply._tag) {
      case "Json":
        writeJson(res, reply.status, reply.body, reply.headers)
        return { status: reply.status, truncated: false }
      case "Text":
        res.writeHead(reply.status, { "content-type": reply.contentType, ...reply.headers })
        res.end(reply.body)
        return { status: reply.status, truncated: false }
      case "File": {
        const truncated = faults.truncateDownloadRate > 0 && env.chance.next() < faults.truncateDownloadRate
        return { status: sendFile(req, res, reply, truncated), truncated }
      }
      case "Handled":
        return { status: reply.status, truncated: false }
    }
  }

  /** An error reply as a careless gateway sends it, with the caller's key in it (the echoKey fault). */
  const echoing = (reply: Reply, req: IncomingMessage, apiKey: string | undefined): Reply => {
    if (faults.echoKey === undefined || apiKey === undefined || reply._tag !== "Json") return reply
    const credential = Object.entries(req.headers)
      .filter(([name]) => ["authorization", "tt-api-key", "x-api-key"].includes(name))
      .map(([name, value]) => `${name}: ${String(value)}`)
      .join("\n")
    switch (faults.echoKey) {
      case "json":
        return {
          ...reply,
          body: typeof reply.body === "object" && reply.body !== null
            ? { ...reply.body, message: `Incorrect API key provided: ${apiKey}` }
            : { message: `Incorrect API key provided: ${apiKey}` },
        }
      case "text":
        return { _tag: "Text", status: reply.status, contentType: "text/plain", body: `upstream error\n${credential}\n` }
      case "header":
        return { ...reply, headers: { ...reply.headers, "x-echo-credential": credential.replace(/\n/g, "; ") } }
    }
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const sandboxMs = clock.now()
    const realMs = clock.realNow()
    const url = new URL(req.url ?? "/", "http://127.0.0.1")
    const method = req.method ?? "GET"
    if (url.pathname.startsWith("/__admin/")) return admin(req, res, url)
    if (url.pathname.startsWith("/files/")) return files(req, res, url, sandboxMs, realMs)
    const segment = url.pathname.split("/")[1] ?? ""
    const dialect = segment in DIALECTS ? DIALECTS[segment as DialectName] : undefined
    if (dialect === undefined) return writeJson(res, 404, { error: "unknown gateway prefix; use /ttapi, /tokenbay, /evolink, /acedata or /dashscope" })
    const path = url.pathname.slice(segment.length + 1) || "/"
    const apiKey = dialect.apiKey(req.headers)
    const note: RequestContext["note"] = { kind: "other", taskId: undefined }
    const log = (status: number, fault?: RequestRecord["fault"]) =>
      record({ apiKey, dialect: dialect.name, method, path, status, kind: note.kind, taskId: note.taskId, fault }, sandboxMs, realMs)

    if (faults.resetRate > 0 && env.chance.next() < faults.resetRate) {
      log(0, "reset")
      req.socket.destroy()
      return
    }
    if (faults.slowReplyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.slowReplyMs))
    const slow = faults.slowReplyMs > 0 ? "slow" : undefined
    if (faults.serverErrorRate > 0 && env.chance.next() < faults.serverErrorRate) {
      const { status } = writeReply(req, res, echoing(dialect.error(wireError("server", "Internal server error")), req, apiKey))
      return log(status, "server_error")
    }
    if (apiKey === undefined || invalidKeys.has(apiKey)) {
      const { status } = writeReply(req, res, echoing(dialect.error(wireError("unauthorized", "Invalid API key")), req, apiKey))
      return log(status, slow)
    }
    let bodyPromise: Promise<Buffer> | undefined
    const ctx: RequestContext = {
      req,
      res,
      method,
      path,
      url,
      headers: req.headers,
      apiKey,
      body: () => (bodyPromise ??= readBody(req)),
      note,
    }
    let reply: Reply
    try {
      reply = await dialect.handle(ctx, env)
    } catch (cause) {
      env.log({ level: "warn", message: "handler failed", data: { path, cause: String(cause) } })
      reply = dialect.error(wireError("server", "Internal server error"))
    }
    const { status, truncated } = writeReply(req, res, reply)
    log(status, truncated ? "truncated" : slow)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((cause) => {
      log({ level: "warn", message: "request failed", data: { cause: String(cause) } })
      if (!res.headersSent) writeJson(res, 500, { error: "sandbox failure" })
      else res.destroy()
    })
  })
  server.keepAliveTimeout = 5_000

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve())
  })
  const { port } = server.address() as AddressInfo
  origin = `http://127.0.0.1:${port}`

  const sandbox: Sandbox = {
    origin,
    urls: {
      ttapi: `${origin}/ttapi`,
      tokenbay: `${origin}/tokenbay`,
      evolink: `${origin}/evolink`,
      acedata: `${origin}/acedata`,
      dashscope: `${origin}/dashscope`,
    },
    ledger,
    setFaults: (patch) => {
      faults = mergeFaults(faults, patch)
      log({ level: "info", message: "faults changed", data: { ...faults } })
      return faults
    },
    faults: () => faults,
    now: clock.now,
    advanceTime: (ms) => {
      clock.advance(ms)
      book.settleDue()
    },
    callbacksIdle: callbacks.idle,
    close: () =>
      new Promise<void>((resolve) => {
        book.close()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
  log({ level: "info", message: "sandbox started", data: { origin, timeScale, cacheDir: env.renderer.cacheDir } })
  return sandbox
}
