import * as FileSystem from "@effect/platform/FileSystem"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Path from "@effect/platform/Path"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { type AuthError, DownloadFailed, ResultExpired } from "../domain/Errors.js"
import { parseBody } from "../http/transport.js"
import { classifyError } from "../providers/classifyError.js"
import { GatewayTag } from "../http/GatewayCalls.js"
import { retrySchedule } from "../http/retrySchedule.js"
import { makeProgressReporter, type OnProgress } from "./downloadProgress.js"
import { safeFileName } from "./fileName.js"
import { FileTransfer, portable } from "./FileTransfer.js"

export interface DownloadOptions {
  readonly outDir: string
  /** Defaults to the task id, made safe. */
  readonly fileName?: string
  /**
   * Called at most once per percent (or per 8 MiB when the size is unknown), in order, inside the
   * download's own fiber scope: the effects see the caller's services and end with the download.
   */
  readonly onProgress?: OnProgress
}

/** A download's failures: the transfer failed, the result is gone, or the gateway refused the key. */
export type DownloadError = DownloadFailed | ResultExpired | AuthError

export interface DownloadResult {
  readonly path: string
  readonly bytes: number
}

/** Words of a reply that says the result is gone, not that the key was refused. */
const EXPIRED = /expir|not[_ .-]?found|no[_ .-]?longer|gone|deleted/i

/** A cut or short transfer: resume from what is on disk. */
class Interrupted extends Data.TaggedError("Interrupted")<{ readonly detail: string; readonly status?: number }> {}

/** Where to fetch and whether to authenticate: only the gateway's own origin gets the key, never a CDN. */
const resolveSource = (baseUrl: string, url: string): { readonly href: string; readonly authenticate: boolean } => {
  if (url.startsWith("/")) return { href: `${baseUrl}${url}`, authenticate: true }
  const href = new URL(url).href
  return { href, authenticate: new URL(href).origin === new URL(baseUrl).origin }
}

/** What a person may see of a URL in an error: no query string, which often carries a signature. */
const displayUrl = (href: string): string => {
  const u = new URL(href)
  return `${u.origin}${u.pathname}`
}

/** bytes 4..8 of an MP4 (ISO BMFF) file are "ftyp". */
const isMp4 = (head: Uint8Array): boolean =>
  head.length >= 8 && head[4] === 0x66 && head[5] === 0x74 && head[6] === 0x79 && head[7] === 0x70

const totalFromContentRange = (value: string | undefined): number | undefined => {
  const match = value?.match(/\/(\d+)\s*$/)
  return match?.[1] === undefined ? undefined : Number(match[1])
}

/**
 * Stream a result to `<outDir>/<name>.mp4` without holding it in memory: into a `.part` file,
 * resumed with Range after a cut, checked (MP4 signature, announced length), then renamed atomically.
 */
export const download = (
  taskId: string,
  url: string,
  options: DownloadOptions,
): Effect.Effect<
  DownloadResult,
  DownloadError,
  HttpClient.HttpClient | FileSystem.FileSystem | Path.Path | GatewayTag
> =>
  Effect.scoped(
    Effect.gen(function* () {
      const gateway = yield* GatewayTag
      const fs = yield* FileSystem.FileSystem
      const transfer = yield* Effect.serviceOption(FileTransfer).pipe(
        Effect.flatMap((provided) => (provided._tag === "Some" ? Effect.succeed(provided.value) : portable)),
      )
      const path = yield* Path.Path
      const { href, authenticate } = yield* Effect.try({
        try: () => resolveSource(gateway.settings.baseUrl, url),
        catch: () => new DownloadFailed({ url: "(invalid)", reason: `not a URL: ${url.slice(0, 80)}` }),
      })
      const shown = displayUrl(href)
      const fail = (reason: string, status?: number) =>
        new DownloadFailed({ url: shown, reason, ...(status === undefined ? {} : { status }) })
      const io = (what: string) => (error: { readonly message: string }) => fail(`${what}: ${error.message}`)

      yield* fs.makeDirectory(options.outDir, { recursive: true }).pipe(Effect.mapError(io("cannot create the folder")))
      const target = path.join(options.outDir, options.fileName ?? safeFileName(taskId))
      const part = `${target}.part`
      const auth = authenticate ? gateway.dialect.authHeaders(gateway.settings.apiKey) : {}

      const progress = yield* makeProgressReporter(options.onProgress)
      /**
       * A 401/403 is told apart where the reply says which: a refused key (read with the gateway's
       * own error schema and the one classifier) or an expired result. Where it does not say, it is
       * "expired or not allowed".
       */
      const refusal = (status: number, headers: Readonly<Record<string, string>>, body: unknown): AuthError | ResultExpired => {
        const name = gateway.settings.gateway
        const facts = authenticate ? gateway.dialect.errorFacts(body) : undefined
        const said = facts?.message ?? (typeof body === "string" ? body : "")
        const classified = classifyError(name, "download", { status, headers, body }, facts)
        if (classified._tag === "AuthError") return classified
        if (EXPIRED.test(`${facts?.code ?? ""} ${facts?.type ?? ""} ${said}`)) {
          return new ResultExpired({ gateway: name, taskId, detail: `the result URL answers HTTP ${status}: ${said.slice(0, 200)}` })
        }
        return new ResultExpired({
          gateway: name,
          taskId,
          orNotAllowed: true,
          detail: `the result URL answers HTTP ${status} without saying why; result URLs live 24 h`,
        })
      }

      const sizeOnDisk = fs.stat(part).pipe(
        Effect.map((info) => Number(info.size)),
        Effect.orElseSucceed(() => 0),
      )

      // One attempt: continue from what the .part file holds; succeed with the expected total.
      const attempt = Effect.scoped(
        Effect.gen(function* () {
          const have = yield* sizeOnDisk
          const response = yield* transfer
            .get(href, { ...auth, ...(have > 0 ? { range: `bytes=${have}-` } : {}) }, gateway.settings.downloadIdleTimeout)
            .pipe(Effect.mapError((error) => new Interrupted({ detail: error.detail })))
          const { headers, status } = response
          if (status === 401 || status === 403) {
            const body = parseBody(yield* response.readText)
            return yield* Effect.fail(refusal(status, headers, body))
          }
          if (status === 404 || status === 410) {
            yield* response.discard
            return yield* Effect.fail(
              new ResultExpired({
                gateway: gateway.settings.gateway,
                taskId,
                detail: `the result URL answers HTTP ${status}; result URLs live 24 h`,
              }),
            )
          }
          if (status === 416 && have > 0) {
            // Nothing left to send: the part file may already be whole.
            yield* response.discard
            return { total: totalFromContentRange(headers["content-range"]) ?? have }
          }
          if (status === 408 || status === 429 || status >= 500) {
            yield* response.discard
            return yield* Effect.fail(new Interrupted({ detail: `HTTP ${status}`, status }))
          }
          if (status !== 200 && status !== 206) {
            yield* response.discard
            return yield* Effect.fail(fail(`HTTP ${status}`, status))
          }

          const resuming = status === 206
          const length = headers["content-length"] === undefined ? undefined : Number(headers["content-length"])
          const total = resuming ? totalFromContentRange(headers["content-range"]) : length
          let received = resuming ? have : 0
          yield* response
            .writeTo(part, resuming ? "append" : "replace", (bytes) => {
              received += bytes
              progress.bytes(received, total)
            })
            .pipe(
              Effect.catchTags({
                WriteFailed: (error) => Effect.fail(fail(`cannot write the file: ${error.detail}`)),
                TransferCut: (error) => Effect.fail(new Interrupted({ detail: error.detail })),
              }),
            )
          const size = yield* sizeOnDisk
          if (total !== undefined && size < total) {
            return yield* Effect.fail(new Interrupted({ detail: `got ${size} of ${total} bytes` }))
          }
          return { total: total ?? size }
        }),
      )

      const { total } = yield* attempt.pipe(
        Effect.retry(
          retrySchedule<Interrupted | DownloadError, "resume">({
            budgetOf: (error) => (error._tag === "Interrupted" ? "resume" : undefined),
            budgets: { resume: 8 },
            base: Duration.seconds(1),
            cap: Duration.seconds(30),
            timeScale: gateway.settings.timeScale,
          }),
        ),
        Effect.catchTag("Interrupted", (error) =>
          Effect.fail(fail(`gave up after retries: ${error.detail}`, error.status)),
        ),
      )

      yield* progress.finish
      const size = yield* sizeOnDisk
      if (size !== total) return yield* Effect.fail(fail(`length ${size} differs from the announced ${total} bytes`))
      const head = yield* Effect.scoped(
        Effect.flatMap(fs.open(part, { flag: "r" }), (file) => file.readAlloc(12)),
      ).pipe(Effect.mapError(io("cannot read the file back")))
      if (head._tag === "None" || !isMp4(head.value)) {
        yield* fs.remove(part).pipe(Effect.ignore)
        return yield* Effect.fail(fail("the result is not an MP4 file"))
      }
      yield* fs.rename(part, target).pipe(Effect.mapError(io("cannot move the file into place")))
      return { path: target, bytes: size }
    }),
  )
