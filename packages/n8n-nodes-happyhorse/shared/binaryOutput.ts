import type { Client } from "@happyhorse/core/node"
import { safeFileName } from "@happyhorse/core"
import { createReadStream } from "node:fs"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Readable } from "node:stream"
import type { IBinaryData } from "n8n-workflow"

/** Hands a stream to n8n's binary data store (n8n reads it chunk by chunk). */
export type ToBinary = (stream: Readable, fileName: string, mimeType: string) => Promise<IBinaryData>

export interface DownloadedBinary {
  readonly binary: IBinaryData
  readonly fileName: string
  readonly bytes: number
}

/**
 * Downloads a finished task's MP4 to a private temp folder (resumable, checked by the core), then
 * streams that file into n8n's binary data. The video is never held whole in memory.
 */
export const downloadToBinary = async (
  client: Client,
  taskId: string,
  toBinary: ToBinary,
  options: { readonly url?: string; readonly signal?: AbortSignal; readonly tempRoot?: string },
): Promise<DownloadedBinary> => {
  const dir = await mkdtemp(join(options.tempRoot ?? tmpdir(), "happyhorse-n8n-"))
  try {
    const fileName = safeFileName(taskId)
    const file = await client.download(taskId, {
      outDir: dir,
      fileName,
      ...(options.url === undefined ? {} : { url: options.url }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    })
    const binary = await toBinary(createReadStream(file.path), fileName, "video/mp4")
    return { binary, fileName, bytes: file.bytes }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
