import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { readFileSync } from "node:fs"
import { basename, extname } from "node:path"

/** A batch file that cannot be read: names the file and the line. */
export class BatchFileError extends Schema.TaggedError<BatchFileError>()("BatchFileError", {
  file: Schema.String,
  line: Schema.optional(Schema.Number),
  detail: Schema.String,
}) {
  override get message(): string {
    return `${this.file}${this.line === undefined ? "" : ` line ${this.line}`}: ${this.detail}`
  }
}

export interface BatchItem {
  /** Stable within the file: the line's own `id`, else its line number. */
  readonly id: string
  readonly line: number
  /** The request as given; the core validates it per gateway. */
  readonly request: Record<string, unknown>
}

const JsonLine = Schema.parseJson(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
const decodeLine = Schema.decodeUnknownEither(JsonLine)

const NUMERIC = new Set(["duration", "seed", "videoDuration"])
const LISTS = new Set(["images"])

/** RFC 4180 fields: quotes, doubled quotes, commas and newlines inside quotes. */
export const parseCsv = (text: string): Array<Array<string>> => {
  const rows: Array<Array<string>> = []
  let row: Array<string> = []
  let field = ""
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ",") {
      row.push(field)
      field = ""
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++
      row.push(field)
      rows.push(row)
      row = []
      field = ""
    } else field += ch
  }
  if (field !== "" || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows.filter((r) => r.some((cell) => cell.trim() !== ""))
}

/** One CSV cell to a request field: numbers stay numbers, `images` splits on `|` or spaces. */
const cell = (name: string, value: string): unknown => {
  if (NUMERIC.has(name)) return Number(value)
  if (LISTS.has(name)) return value.split(/[|\s]+/).filter((v) => v !== "")
  if (name === "watermark") return value.toLowerCase() === "true" || value === "1"
  return value
}

/** A CSV row with no kind gets one from its media, as the generate flags do. */
const withKind = (request: Record<string, unknown>): Record<string, unknown> => {
  if (typeof request["kind"] === "string") return request
  if (request["video"] !== undefined) return { kind: "video-edit", ...request }
  if (request["image"] !== undefined) return { kind: "image-to-video", ...request }
  if (request["images"] !== undefined) return { kind: "reference-to-video", ...request }
  return { kind: "text-to-video", ...request }
}

const split = (request: Record<string, unknown>, line: number): BatchItem => {
  const { id, ...rest } = request
  return { id: typeof id === "string" || typeof id === "number" ? String(id) : String(line), line, request: withKind(rest) }
}

export const parseBatch = (file: string, text: string): Effect.Effect<ReadonlyArray<BatchItem>, BatchFileError> =>
  Effect.gen(function* () {
    const items: Array<BatchItem> = []
    if (extname(file).toLowerCase() === ".csv") {
      const [header, ...rows] = parseCsv(text)
      if (header === undefined) return yield* new BatchFileError({ file, detail: "is empty" })
      const names = header.map((h) => h.trim())
      if (!names.includes("prompt") && !names.includes("image")) {
        return yield* new BatchFileError({ file, line: 1, detail: "the header needs a prompt column" })
      }
      rows.forEach((row, index) => {
        const request: Record<string, unknown> = {}
        names.forEach((name, column) => {
          const value = row[column]?.trim() ?? ""
          if (value !== "" && name !== "") request[name] = cell(name, value)
        })
        items.push(split(request, index + 2))
      })
    } else {
      const lines = text.split(/\r?\n/)
      for (let index = 0; index < lines.length; index++) {
        const raw = lines[index]?.trim() ?? ""
        if (raw === "" || raw.startsWith("#")) continue
        const decoded = decodeLine(raw)
        if (decoded._tag === "Left") {
          return yield* new BatchFileError({ file, line: index + 1, detail: "is not a JSON object" })
        }
        items.push(split(decoded.right, index + 1))
      }
    }
    const seen = new Set<string>()
    for (const item of items) {
      if (seen.has(item.id)) return yield* new BatchFileError({ file, line: item.line, detail: `repeats the id ${item.id}` })
      seen.add(item.id)
    }
    if (items.length === 0) return yield* new BatchFileError({ file, detail: "holds no requests" })
    return items
  })

export const readBatch = (file: string): Effect.Effect<ReadonlyArray<BatchItem>, BatchFileError> =>
  Effect.try({
    try: () => readFileSync(file, "utf8"),
    catch: () => new BatchFileError({ file, detail: "cannot be read" }),
  }).pipe(Effect.flatMap((text) => parseBatch(file, text)))

/** The batch's name in the journal: the file's name without its extension. */
export const batchName = (file: string): string => basename(file, extname(file))
