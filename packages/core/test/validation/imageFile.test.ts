import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import { afterAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { execFileSync } from "node:child_process"
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { checkImageFile } from "../../src/node/imageFile.js"
import { jpeg, png } from "./fixtures.js"

const dir = mkdtempSync(join(tmpdir(), "happyhorse-image-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const file = (name: string, bytes: Uint8Array): string => {
  const path = join(dir, name)
  writeFileSync(path, bytes)
  return path
}

describe("checkImageFile", () => {
  it.effect("refuses a named pipe at once instead of waiting for a writer", () =>
    Effect.gen(function* () {
      const path = join(dir, "frame.png.fifo")
      execFileSync("mkfifo", [path])
      const error = yield* Effect.flip(checkImageFile(path, "image"))
      expect(error.errors[0]).toMatchObject({ field: "image", rule: "must be a regular file (not a folder, a pipe or a device)" })
      expect(yield* Effect.flip(checkImageFile(dir, "image"))).toMatchObject({ errors: [{ rule: "must be a regular file (not a folder, a pipe or a device)" }] })
    }).pipe(Effect.provide(NodeFileSystem.layer), Effect.timeout("10 seconds")),
  )

  it.effect("reads the header of a file on disk", () =>
    Effect.gen(function* () {
      const path = file("frame.png", png(1920, 1080))
      expect(yield* checkImageFile(path, "image")).toEqual({ format: "png", width: 1920, height: 1080 })
    }).pipe(Effect.provide(NodeFileSystem.layer)),
  )

  it.effect("a .png name with JPEG bytes is judged by the bytes", () =>
    Effect.gen(function* () {
      const path = file("really-a-jpeg.png", jpeg(800, 600))
      expect((yield* checkImageFile(path, "image")).format).toBe("jpeg")
    }).pipe(Effect.provide(NodeFileSystem.layer)),
  )

  it.effect("uses the file's whole size for the 10 MB rule", () =>
    Effect.gen(function* () {
      const path = file("big.png", png(1024, 1024))
      truncateSync(path, 10 * 1024 * 1024 + 1)
      const errors = yield* Effect.flip(checkImageFile(path, "images[1]"))
      expect(errors.errors.map((e) => [e.field, e.rule])).toEqual([
        ["images[1]", `must be at most 10 MB (got ${10 * 1024 * 1024 + 1} bytes)`],
      ])
    }).pipe(Effect.provide(NodeFileSystem.layer)),
  )

  it.effect("a file that cannot be read fails with a ValidationError naming it", () =>
    Effect.gen(function* () {
      const missing = join(dir, "nope.jpg")
      const errors = yield* Effect.flip(checkImageFile(missing, "image"))
      expect(errors._tag).toBe("ValidationErrors")
      expect(errors.errors).toHaveLength(1)
      expect(errors.errors[0]?.rule).toBe("cannot read the file")
      expect(errors.errors[0]?.value).toContain("nope.jpg")
      const directory = yield* Effect.flip(checkImageFile(dir, "image"))
      expect(directory.errors[0]?.rule).toBe("must be a regular file (not a folder, a pipe or a device)")
    }).pipe(Effect.provide(NodeFileSystem.layer)),
  )

  it.effect("a small or empty file gets the image rules, not a crash", () =>
    Effect.gen(function* () {
      const empty = file("empty.webp", new Uint8Array(0))
      const errors = yield* Effect.flip(checkImageFile(empty, "image"))
      expect(errors.errors[0]?.rule).toContain("must be a JPEG, PNG or WEBP image")
    }).pipe(Effect.provide(NodeFileSystem.layer)),
  )
})
