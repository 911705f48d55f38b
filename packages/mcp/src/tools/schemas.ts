import { type Capabilities, VideoKind } from "@happyhorse/core"
import { type Field, fieldTables, kindLabels, offeredKinds, type RequestField } from "@happyhorse/core/surface"

/** A JSON Schema object, as MCP clients read a tool's input. */
export type JsonSchema = Readonly<Record<string, unknown>>

// MCP has no callback receiver: a task is followed by reading it.
const LEFT_OUT: ReadonlySet<RequestField> = new Set(["callbackUrl"])

// Which field makes which kind, for a model that leaves `kind` out.
const KIND_HINT = "Usually leave out: it follows from the other fields (video: video-edit; images: reference-to-video; image: image-to-video; otherwise text-to-video)."

const typeOf = (field: Field, all: ReadonlyArray<Field>): Record<string, unknown> => {
  const ranges = all.map((f) => f.range).filter((r) => r !== undefined)
  const min = ranges.length === 0 ? undefined : Math.min(...ranges.map((r) => r.min))
  const max = ranges.length === 0 ? undefined : Math.max(...ranges.map((r) => r.max))
  switch (field.type) {
    case "integer":
    case "number":
      return { type: field.type, ...(min === undefined ? {} : { minimum: min }), ...(max === undefined ? {} : { maximum: max }) }
    case "boolean":
      return { type: "boolean" }
    case "options":
      return { type: "string", enum: [...new Set(all.flatMap((f) => (f.options ?? []).map((o) => o.value)))] }
    case "url-list":
      return { type: "array", items: { type: "string" }, ...(max === undefined ? {} : { maxItems: max }) }
    case "url":
      return { type: "string", ...(max === undefined ? {} : { maxLength: max }) }
    case "prompt":
    case "text":
      return { type: "string" }
  }
}

/** One description for a field the kinds share; where the kinds say different things, each is named. */
const describe = (entries: ReadonlyArray<readonly [VideoKind, Field]>): string => {
  const texts = [...new Set(entries.map(([, f]) => f.description))]
  const text =
    texts.length === 1
      ? texts[0]
      : entries.map(([kind, f]) => `${kindLabels[kind]}: ${f.description}`).join(" ")
  const only = entries.length < 4 ? ` (${entries.map(([kind]) => kind).join(", ")})` : ""
  const first = entries[0]?.[1]
  const fallback = first?.default === undefined ? "" : ` Default: ${String(first.default)}.`
  return `${first?.label ?? ""}${only}. ${text}${fallback}`
}

/**
 * The video request's fields from the core's field tables, narrowed to what the configured
 * gateway offers. The core checks every rule again and names field, value and rule when one
 * fails; the schema helps a model get it right the first time.
 */
export const requestProperties = (capabilities: Capabilities): Record<string, JsonSchema> => {
  const tables = fieldTables(capabilities)
  const byName = new Map<RequestField, Array<readonly [VideoKind, Field]>>()
  for (const kind of offeredKinds(capabilities)) {
    for (const field of tables[kind] ?? []) {
      if (LEFT_OUT.has(field.name)) continue
      byName.set(field.name, [...(byName.get(field.name) ?? []), [kind, field] as const])
    }
  }
  const properties: Record<string, JsonSchema> = {
    kind: { type: "string", enum: offeredKinds(capabilities).filter((k) => VideoKind.literals.includes(k)), description: KIND_HINT },
  }
  for (const [name, entries] of byName) {
    const first = entries[0]?.[1]
    if (first === undefined) continue
    properties[name] = { ...typeOf(first, entries.map(([, f]) => f)), description: describe(entries) }
  }
  return properties
}

export const objectSchema = (properties: Record<string, JsonSchema>, required: ReadonlyArray<string> = []): JsonSchema => ({
  type: "object",
  properties,
  required,
  additionalProperties: false,
})
