import * as Effect from "effect/Effect"
import { imageSize } from "image-size"
import type { ValidationError, ValidationErrors } from "../domain/Errors.js"
import { issue, validationErrors } from "./issue.js"

export type ImageFormat = "jpeg" | "png" | "webp"

export interface ImageInfo {
  readonly format: ImageFormat
  readonly width: number
  readonly height: number
}

/** The gateways' limits for an input image. */
export const IMAGE_LIMITS = {
  minSide: 300,
  maxBytes: 10 * 1024 * 1024,
  /** Longer side over shorter side, i.e. between 1:2.5 and 2.5:1. */
  maxAspect: 2.5,
} as const

const startsWith = (bytes: Uint8Array, signature: ReadonlyArray<number>, offset = 0): boolean =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b)

const ascii = (text: string): ReadonlyArray<number> => Array.from(text, (c) => c.charCodeAt(0))

/** The format by magic number; a file's name or declared type does not count. */
export const sniffImageFormat = (bytes: Uint8Array): ImageFormat | undefined => {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg"
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png"
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "webp"
  return undefined
}

// image-size's names for the formats we sniff.
const sizeType: Readonly<Record<ImageFormat, string>> = { jpeg: "jpg", png: "png", webp: "webp" }

const dimensions = (
  bytes: Uint8Array,
  format: ImageFormat,
): { readonly width: number; readonly height: number } | undefined => {
  try {
    const size = imageSize(bytes)
    const sameFormat = size.type === sizeType[format]
    return sameFormat && size.width > 0 && size.height > 0 ? { width: size.width, height: size.height } : undefined
  } catch {
    // image-size throws on truncated or corrupt headers.
    return undefined
  }
}

const megabytes = (n: number): string => `${(n / (1024 * 1024)).toFixed(1)} MB`

/**
 * Checks an input image the way the gateways do: JPEG, PNG or WEBP by its bytes, at most 10 MB,
 * both sides at least 300 px, aspect ratio between 1:2.5 and 2.5:1. `bytes` may be only the
 * start of the file (the header); `byteLength` is the whole file's size.
 */
export const inspectImage = (
  bytes: Uint8Array,
  byteLength: number,
  field = "image",
): Effect.Effect<ImageInfo, ValidationErrors> =>
  Effect.suspend(() => {
    const errors: Array<ValidationError> = []
    if (byteLength > IMAGE_LIMITS.maxBytes) {
      errors.push(issue(field, megabytes(byteLength), `must be at most 10 MB (got ${byteLength} bytes)`))
    }
    const format = sniffImageFormat(bytes)
    if (format === undefined) {
      errors.push(issue(field, `${bytes.length} bytes`, "must be a JPEG, PNG or WEBP image (judged by the file's bytes, not its name)"))
      return Effect.fail(validationErrors(errors))
    }
    const size = dimensions(bytes, format)
    if (size === undefined) {
      errors.push(issue(field, format, `is a ${format.toUpperCase()} whose width and height cannot be read; the file may be truncated or corrupt`))
      return Effect.fail(validationErrors(errors))
    }
    const { width, height } = size
    const shown = `${width}x${height} px`
    if (Math.min(width, height) < IMAGE_LIMITS.minSide) {
      errors.push(issue(field, shown, `must be at least ${IMAGE_LIMITS.minSide} px on both sides`))
    }
    if (Math.max(width, height) > IMAGE_LIMITS.maxAspect * Math.min(width, height)) {
      errors.push(issue(field, shown, "must have an aspect ratio between 1:2.5 and 2.5:1"))
    }
    return errors.length === 0 ? Effect.succeed({ format, width, height }) : Effect.fail(validationErrors(errors))
  })
