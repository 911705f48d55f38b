import { createReadStream } from "node:fs"
import type { IncomingMessage, ServerResponse } from "node:http"

export type ByteRange = { readonly start: number; readonly end: number }

/** Parses a single `bytes=` range. undefined: no (usable) Range header; "unsatisfiable": answer 416. */
export const parseRange = (value: string | undefined, size: number): ByteRange | "unsatisfiable" | undefined => {
  if (value === undefined) return undefined
  const match = /^bytes=(\d*)-(\d*)$/.exec(value.trim())
  if (match === null) return undefined
  const [, a = "", b = ""] = match
  if (a === "" && b === "") return undefined
  if (a === "") {
    const suffix = Number(b)
    if (suffix === 0) return "unsatisfiable"
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(a)
  const end = b === "" ? size - 1 : Math.min(Number(b), size - 1)
  if (start >= size || end < start) return "unsatisfiable"
  return { start, end }
}

/** Streams a file with Range support; `truncate` cuts the body halfway and resets the connection. */
export const sendFile = (
  req: IncomingMessage,
  res: ServerResponse,
  file: { readonly path: string; readonly size: number; readonly contentType: string },
  truncate: boolean,
): number => {
  const range = parseRange(typeof req.headers.range === "string" ? req.headers.range : undefined, file.size)
  const base = { "accept-ranges": "bytes", "content-type": file.contentType, "cache-control": "private, max-age=86400" }
  if (range === "unsatisfiable") {
    res.writeHead(416, { ...base, "content-range": `bytes */${file.size}`, "content-length": "0" })
    res.end()
    return 416
  }
  const { start, end } = range ?? { start: 0, end: file.size - 1 }
  const length = end - start + 1
  const status = range === undefined ? 200 : 206
  res.writeHead(status, {
    ...base,
    "content-length": String(length),
    ...(range === undefined ? {} : { "content-range": `bytes ${start}-${end}/${file.size}` }),
  })
  if (req.method === "HEAD" || length <= 0) {
    res.end()
    return status
  }
  const sentEnd = truncate ? start + Math.max(0, Math.floor(length / 2) - 1) : end
  const stream = createReadStream(file.path, { start, end: sentEnd })
  if (truncate) {
    stream.on("end", () => {
      // Leave the declared length unmet and drop the connection, as a flaky CDN does.
      res.socket?.destroy()
    })
    stream.pipe(res, { end: false })
  } else stream.pipe(res)
  stream.on("error", () => res.destroy())
  return status
}
