import type { Capabilities } from "../../src/domain/Capabilities.js"

const ratios = ["16:9", "9:16", "1:1", "4:3", "3:4"] as const

/** A gateway that offers everything, with AceData's seed range and callbacks. */
export const acedata: Capabilities = {
  gateway: "acedata",
  models: {
    "text-to-video": ["1.0", "1.1"],
    "image-to-video": ["1.0", "1.1"],
    "reference-to-video": ["1.0", "1.1"],
    "video-edit": ["1.0"],
  },
  ratios,
  seed: { min: 0, max: 2147483647 },
  callbacks: true,
  ndjson: false,
  batchQuery: 0,
  contentRange: false,
  cancel: false,
  sources: ["test fixture"],
}

/** A gateway without video edit or callbacks, and only 1.0 for reference-to-video. */
export const tokenbay: Capabilities = {
  gateway: "tokenbay",
  models: {
    "text-to-video": ["1.0", "1.1"],
    "image-to-video": ["1.0", "1.1"],
    "reference-to-video": ["1.0"],
  },
  ratios: ["16:9", "9:16", "1:1"],
  seed: { min: 1, max: 2147483647 },
  callbacks: false,
  ndjson: true,
  batchQuery: 0,
  contentRange: true,
  cancel: false,
  sources: ["test fixture"],
}

// --- Tiny image headers, built by hand ------------------------------------------------------

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

const crc32 = (bytes: Uint8Array): number => {
  let c = 0xffffffff
  for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

const concat = (...parts: ReadonlyArray<ReadonlyArray<number> | Uint8Array>): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => Array.from(p)))

const be32 = (n: number): ReadonlyArray<number> => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]
const be16 = (n: number): ReadonlyArray<number> => [(n >>> 8) & 0xff, n & 0xff]
const le16 = (n: number): ReadonlyArray<number> => [n & 0xff, (n >>> 8) & 0xff]
const le24 = (n: number): ReadonlyArray<number> => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff]
const le32 = (n: number): ReadonlyArray<number> => [...le24(n), (n >>> 24) & 0xff]
const ascii = (text: string): ReadonlyArray<number> => Array.from(text, (c) => c.charCodeAt(0))

const pngChunk = (type: string, data: ReadonlyArray<number>): Uint8Array => {
  const body = concat(ascii(type), data)
  return concat(be32(data.length), body, be32(crc32(body)))
}

/** A PNG signature, an IHDR chunk with a valid CRC, and IEND. */
export const png = (width: number, height: number): Uint8Array =>
  concat(
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    pngChunk("IHDR", [...be32(width), ...be32(height), 8, 2, 0, 0, 0]),
    pngChunk("IEND", []),
  )

/** SOI, a JFIF APP0 segment, a baseline SOF0 frame header and EOI. */
export const jpeg = (width: number, height: number): Uint8Array =>
  concat(
    [0xff, 0xd8],
    [0xff, 0xe0, ...be16(16), ...ascii("JFIF"), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0],
    [0xff, 0xc0, ...be16(17), 8, ...be16(height), ...be16(width), 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1],
    [0xff, 0xd9],
  )

/** An extended (VP8X) WEBP header. */
export const webp = (width: number, height: number): Uint8Array => {
  const chunk = concat(ascii("VP8X"), le32(10), [0, 0, 0, 0], le24(width - 1), le24(height - 1))
  return concat(ascii("RIFF"), le32(4 + chunk.length), ascii("WEBP"), chunk)
}

/** A lossy (VP8) WEBP header: frame tag, start code, 14-bit sizes. */
export const webpLossy = (width: number, height: number): Uint8Array => {
  const frame = concat([0x50, 0x01, 0x00], [0x9d, 0x01, 0x2a], le16(width), le16(height))
  const chunk = concat(ascii("VP8 "), le32(frame.length), frame)
  return concat(ascii("RIFF"), le32(4 + chunk.length), ascii("WEBP"), chunk)
}
