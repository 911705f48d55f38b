import * as FileSystem from "@effect/platform/FileSystem"
import * as Effect from "effect/Effect"
// Only through the main entry, which the Node build keeps external (see createClient.ts).
import { type ImageInfo, inspectImage, ValidationError, ValidationErrors } from "../index.js"

/** Enough of the file for any JPEG, PNG or WEBP header we need. */
const HEADER_BYTES = 64 * 1024

/**
 * Checks a local image before it is uploaded: reads its first 64 KiB and its size, then applies
 * the same rules as `inspectImage`. A file that cannot be read fails with rule "cannot read the file".
 */
export const checkImageFile = (
  path: string,
  field: string,
): Effect.Effect<ImageInfo, ValidationErrors, FileSystem.FileSystem> =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const notAFile = new ValidationErrors({
      errors: [new ValidationError({ field, value: JSON.stringify(path), rule: "must be a regular file (not a folder, a pipe or a device)" })],
    })
    const { header, size } = yield* Effect.scoped(
      Effect.gen(function* () {
        const info = yield* fs.stat(path)
        // Opening a named pipe waits for a writer that may never come: look before opening.
        if (info.type !== "File") return yield* Effect.fail(notAFile)
        const file = yield* fs.open(path, { flag: "r" })
        const chunk = yield* file.readAlloc(FileSystem.Size(HEADER_BYTES))
        return { header: chunk._tag === "Some" ? chunk.value : new Uint8Array(0), size: Number(info.size) }
      }),
    ).pipe(
      Effect.mapError((error) =>
        error === notAFile
          ? notAFile
          : new ValidationErrors({ errors: [new ValidationError({ field, value: JSON.stringify(path), rule: "cannot read the file" })] }),
      ),
    )
    return yield* inspectImage(header, size, field)
  })
