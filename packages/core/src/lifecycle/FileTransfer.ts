import * as FileSystem from "@effect/platform/FileSystem"
import * as HttpClient from "@effect/platform/HttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { headersOf, open } from "../http/transport.js"
import { type Hop, MAX_REDIRECTS, nextHop } from "./redirect.js"

/** The connection broke, or no answer came: worth resuming. */
export class TransferCut extends Data.TaggedError("TransferCut")<{ readonly detail: string }> {}
/** The file could not be written: not worth resuming. */
export class WriteFailed extends Data.TaggedError("WriteFailed")<{ readonly detail: string }> {}

/** An answered GET whose body has not been read yet. */
export interface OpenTransfer {
  readonly status: number
  /** Lower-cased. */
  readonly headers: Readonly<Record<string, string>>
  /**
   * Stream the body into `path` (appending or replacing), reporting each chunk's size. A body that
   * sends nothing for the idle timeout is cut (`TransferCut`), so the download resumes with Range.
   */
  readonly writeTo: (
    path: string,
    mode: "append" | "replace",
    onBytes: (bytes: number) => void,
  ) => Effect.Effect<void, TransferCut | WriteFailed>
  /** Drop the body unread. */
  readonly discard: Effect.Effect<void>
  /** Read a short body (an error reply): at most `ERROR_BODY_BYTES`, decoded as UTF-8. */
  readonly readText: Effect.Effect<string>
}

/** An error reply longer than this is cut: only its first words are read. */
export const ERROR_BODY_BYTES = 8192

/**
 * Moves bytes from a URL into a file. The download's logic (resume, checks, retries) sits above
 * this seam so that a platform can supply its fastest byte path: the default runs on any
 * HttpClient and FileSystem; the Node entry pipes node:http into a write stream.
 */
export interface FileTransferService {
  readonly get: (
    url: string,
    headers: Readonly<Record<string, string>>,
    /** The longest wait for the headers, and then between two chunks of the body. */
    idleTimeout: Duration.DurationInput,
  ) => Effect.Effect<OpenTransfer, TransferCut, Scope.Scope>
}

export class FileTransfer extends Context.Tag("@happyhorse/core/FileTransfer")<FileTransfer, FileTransferService>() {}

/** The portable transfer: an Effect stream from any HttpClient into FileSystem's sink. */
export const portable: Effect.Effect<FileTransferService, never, HttpClient.HttpClient | FileSystem.FileSystem> = Effect.gen(
  function* () {
    const http = yield* HttpClient.HttpClient
    const fs = yield* FileSystem.FileSystem
    return {
      get: (url, headers, idleTimeout) =>
        Effect.gen(function* () {
          // Redirects are followed here, not by the client, so a key never follows one to another origin.
          let hop: Hop = { url: new URL(url), headers }
          let response: HttpClientResponse.HttpClientResponse
          for (let left = MAX_REDIRECTS; ; left--) {
            const request = HttpClientRequest.get(hop.url).pipe(HttpClientRequest.setHeaders(hop.headers))
            response = yield* open(request, idleTimeout).pipe(
              Effect.provideService(HttpClient.HttpClient, http),
              Effect.provideService(FetchHttpClient.RequestInit, { redirect: "manual" }),
              Effect.mapError((error) => new TransferCut({ detail: error.detail })),
            )
            const next = left > 0 ? nextHop(hop.url, response.status, response.headers["location"], hop.headers) : undefined
            if (next === undefined) break
            yield* Effect.ignore(Stream.runDrain(response.stream))
            hop = next
          }
          return {
            status: response.status,
            headers: headersOf(response),
            discard: Effect.ignore(Stream.runDrain(response.stream)),
            readText: response.stream.pipe(
              Stream.decodeText(),
              Stream.runFold("", (text, part) => (text.length >= ERROR_BODY_BYTES ? text : text + part)),
              Effect.map((text) => text.slice(0, ERROR_BODY_BYTES)),
              Effect.orElseSucceed(() => ""),
            ),
            writeTo: (path, mode, onBytes) =>
              response.stream.pipe(
                // A stalled body is a cut like any other: what arrived stays on disk for the resume.
                Stream.timeoutFail(
                  () => new TransferCut({ detail: `no data for ${Duration.format(Duration.decode(idleTimeout))}` }),
                  idleTimeout,
                ),
                Stream.tap((chunk) => Effect.sync(() => onBytes(chunk.length))),
                Stream.run(fs.sink(path, { flag: mode === "append" ? "a" : "w" })),
                Effect.mapError((error) =>
                  error._tag === "TransferCut"
                    ? error
                    : error._tag === "SystemError" || error._tag === "BadArgument"
                      ? new WriteFailed({ detail: error.message })
                      : new TransferCut({ detail: `transfer cut: ${error.message}` }),
                ),
              ),
          }
        }),
    }
  },
)

export const layerPortable: Layer.Layer<FileTransfer, never, HttpClient.HttpClient | FileSystem.FileSystem> = Layer.effect(
  FileTransfer,
  portable,
)
