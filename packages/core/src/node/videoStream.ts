import { createReadStream } from "node:fs"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Readable } from "node:stream"
import { safeFileName } from "../index.js"
import type { Client } from "./createClient.js"

/** A downloaded video, open for reading. */
export interface VideoStream {
  readonly stream: Readable
  readonly fileName: string
  readonly bytes: number
  readonly mimeType: "video/mp4"
}

export interface VideoStreamOptions {
  /** The result URL, when known; otherwise the task is read first. */
  readonly url?: string
  readonly signal?: AbortSignal
  /** Where the private temporary folder goes (default: the OS temp folder). */
  readonly tempRoot?: string
}

/**
 * For hosts that store files themselves (n8n's binary data, Zapier's stash): downloads a finished
 * task with the core (authenticated only on the gateway's own origin, resumed after a cut, checked
 * to be an MP4) into a private temporary folder, hands `use` a stream of it, and removes the folder
 * when `use` settles. The video is never held whole in memory.
 */
export const withVideoStream = async <A>(
  client: Pick<Client, "download">,
  taskId: string,
  options: VideoStreamOptions,
  use: (video: VideoStream) => Promise<A>,
): Promise<A> => {
  const dir = await mkdtemp(join(options.tempRoot ?? tmpdir(), "happyhorse-"))
  try {
    const fileName = safeFileName(taskId)
    const file = await client.download(taskId, {
      outDir: dir,
      fileName,
      ...(options.url === undefined ? {} : { url: options.url }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    })
    const stream = createReadStream(file.path)
    try {
      return await use({ stream, fileName, bytes: file.bytes, mimeType: "video/mp4" })
    } finally {
      stream.destroy()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
