import { readFile } from "node:fs/promises"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { QueueInputError } from "../domain/Errors.js"
import type { QueueItem } from "./Producer.js"

const Line = Schema.parseJson(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
const decodeLine = Schema.decodeUnknownEither(Line)

/**
 * A JSON Lines file of requests, one object a line, with an optional `id`. The CLI passes its own
 * batch reader (CSV too) instead.
 */
export const readRequests = (file: string): Effect.Effect<ReadonlyArray<QueueItem>, QueueInputError> =>
  Effect.gen(function* () {
    const text = yield* Effect.tryPromise({
      try: () => readFile(file, "utf8"),
      catch: () => new QueueInputError({ detail: `${file} cannot be read` }),
    })
    const items: Array<QueueItem> = []
    const lines = text.split(/\r?\n/)
    for (let index = 0; index < lines.length; index++) {
      const raw = lines[index]?.trim() ?? ""
      if (raw === "" || raw.startsWith("#")) continue
      const decoded = decodeLine(raw)
      if (decoded._tag === "Left") return yield* new QueueInputError({ detail: `${file} line ${index + 1}: is not a JSON object` })
      const { id, ...request } = decoded.right
      const kind = typeof request["kind"] === "string" ? {} : { kind: "text-to-video" }
      // The line number stands in for a missing id, so resending the same file adds nothing twice.
      items.push({ id: typeof id === "string" || typeof id === "number" ? String(id) : String(index + 1), request: { ...kind, ...request } })
    }
    if (items.length === 0) return yield* new QueueInputError({ detail: `${file} holds no requests` })
    return items
  })
