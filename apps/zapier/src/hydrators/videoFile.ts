import { createReadStream } from "node:fs"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { basename, join } from "node:path"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { ValidationError } from "@happyhorse/core/node"
import type { Bundle, ZObject } from "zapier-platform-core"
import type { AppOptions } from "../AppOptions.js"
import { readConnection, withClient } from "../connection.js"
import { mapErrors } from "../zapierErrors.js"

/** What a dehydrated video carries: the task, and its result URL when it was known. */
export const VideoFileInput = Schema.Struct({
  task_id: Schema.String.pipe(Schema.minLength(1)),
  url: Schema.optional(Schema.String),
})
export type VideoFileInput = typeof VideoFileInput.Type

export type VideoHydrator = (z: ZObject, bundle: Bundle<VideoFileInput>) => Promise<string>

/**
 * Downloads the finished MP4 with the core (authenticated on the gateway's own origin, resumed
 * after a cut, checked to be an MP4) into a private temp folder, then stashes it with Zapier.
 */
export const makeVideoHydrator =
  (options: AppOptions): VideoHydrator =>
  (z, bundle) =>
    mapErrors(z, async () => {
      const input = Schema.decodeUnknownEither(VideoFileInput)(bundle.inputData)
      if (Either.isLeft(input)) {
        throw new ValidationError({ field: "task_id", value: "(missing)", rule: "the file reference names no task" })
      }
      const connection = readConnection(bundle.authData)
      const folder = await mkdtemp(join(options.downloadDir ?? tmpdir(), "happyhorse-zapier-"))
      try {
        const file = await withClient(connection, options, (client) =>
          client.download(input.right.task_id, {
            outDir: folder,
            ...(input.right.url === undefined ? {} : { url: input.right.url }),
          }),
        )
        return await z.stashFile(createReadStream(file.path), file.bytes, basename(file.path), "video/mp4")
      } finally {
        await rm(folder, { recursive: true, force: true })
      }
    })
