import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { createWriteStream } from "node:fs"
import * as http from "node:http"
import * as https from "node:https"
// Only through the main entry, which the Node build keeps external (see createClient.ts).
import {
  ERROR_BODY_BYTES,
  FileTransfer,
  type FileTransferService,
  MAX_REDIRECTS,
  nextHop,
  TransferCut,
  WriteFailed,
} from "../index.js"

/**
 * The file stream's buffer. At Node's 16 KB default the pipe pauses and resumes on nearly every
 * 64 KB chunk; at 1 MiB the stream batches queued chunks into one write (bench/download.mjs).
 */
const BUFFER_BYTES = 1 << 20

const lowerCased = (headers: http.IncomingHttpHeaders): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value
  }
  return out
}

/** Errors from opening or writing the file are not worth a resume; anything else is a cut. */
const classify = (error: unknown): TransferCut | WriteFailed => {
  const syscall = (error as { syscall?: unknown }).syscall
  const message = error instanceof Error ? error.message : String(error)
  return syscall === "open" || syscall === "write" ? new WriteFailed({ detail: message }) : new TransferCut({ detail: message })
}

const request = (url: URL, headers: Readonly<Record<string, string>>, idleMs: number, redirectsLeft: number) =>
  Effect.async<http.IncomingMessage, TransferCut>((resume) => {
    const client = url.protocol === "https:" ? https : http
    const req = client.get(url, { headers }, (response) => {
      const hop = redirectsLeft > 0 ? nextHop(url, response.statusCode ?? 0, response.headers.location, headers) : undefined
      if (hop !== undefined) {
        response.resume()
        resume(request(hop.url, hop.headers, idleMs, redirectsLeft - 1))
        return
      }
      resume(Effect.succeed(response))
    })
    req.setTimeout(idleMs, () => req.destroy(new Error(`no data for ${idleMs} ms`)))
    req.on("error", (error) => resume(Effect.fail(new TransferCut({ detail: error.message }))))
    return Effect.sync(() => req.destroy())
  })

/**
 * Node's fastest byte path: node:http piped into a file write stream with backpressure, with
 * bounded memory. The download's logic above it is shared with every platform.
 */
export const nodeFileTransfer: FileTransferService = {
  get: (url, headers, timeout) =>
    Effect.acquireRelease(request(new URL(url), headers, Duration.toMillis(Duration.decode(timeout)), MAX_REDIRECTS), (response) =>
      Effect.sync(() => response.destroy()),
    ).pipe(
      Effect.map((response) => ({
        status: response.statusCode ?? 0,
        headers: lowerCased(response.headers),
        discard: Effect.sync(() => void response.resume()),
        readText: Effect.async<string>((resume) => {
          const parts: Array<Buffer> = []
          let size = 0
          const done = () => resume(Effect.succeed(Buffer.concat(parts).toString("utf8").slice(0, ERROR_BODY_BYTES)))
          response.on("data", (chunk: Buffer) => {
            if (size < ERROR_BODY_BYTES) parts.push(chunk)
            size += chunk.length
          })
          response.on("end", done)
          response.on("error", done)
          response.on("aborted", done)
        }),
        writeTo: (path, mode, onBytes) =>
          Effect.async<void, TransferCut | WriteFailed>((resume) => {
            const file = createWriteStream(path, { flags: mode === "append" ? "a" : "w", highWaterMark: BUFFER_BYTES })
            let outcome: TransferCut | WriteFailed | undefined
            let settled = false
            const settle = (effect: Effect.Effect<void, TransferCut | WriteFailed>) => {
              if (!settled) {
                settled = true
                resume(effect)
              }
            }
            // On a cut, flush what arrived instead of dropping it, so the retry resumes from there.
            const cut = (detail: string) => {
              if (outcome !== undefined) return
              outcome = new TransferCut({ detail })
              response.unpipe(file)
              file.end()
            }
            response.on("data", (chunk: Buffer) => onBytes(chunk.length))
            response.on("aborted", () => cut("connection cut"))
            response.on("error", (error) => cut(error.message))
            response.on("close", () => {
              if (!response.complete) cut("connection closed before the end")
            })
            file.on("error", (error) => {
              response.destroy()
              settle(Effect.fail(classify(error)))
            })
            file.on("finish", () => settle(outcome === undefined ? Effect.void : Effect.fail(outcome)))
            response.pipe(file)
            return Effect.sync(() => {
              response.destroy()
              file.destroy()
            })
          }),
      })),
    ),
}

export const layerNodeFileTransfer: Layer.Layer<FileTransfer> = Layer.succeed(FileTransfer, nodeFileTransfer)
