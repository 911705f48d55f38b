import { readdirSync, readFileSync } from "node:fs"
import * as Schema from "effect/Schema"
import type { GatewayName } from "../../src/domain/Gateway.js"
import type { WireReply } from "../../src/providers/Dialect.js"

// The shared wire fixtures in tooling/fixtures/gateways (test data, also read by the sandbox).
const root = new URL("../../../../tooling/fixtures/gateways/", import.meta.url)

const Headers = Schema.Record({ key: Schema.String, value: Schema.String })

export const Fixture = Schema.Struct({
  description: Schema.String,
  source: Schema.String,
  request: Schema.optional(
    Schema.Struct({
      method: Schema.String,
      path: Schema.String,
      headers: Schema.optional(Headers),
      body: Schema.optional(Schema.Unknown),
    }),
  ),
  response: Schema.optional(
    Schema.Struct({ status: Schema.Number, headers: Schema.optional(Headers), body: Schema.Unknown }),
  ),
  lines: Schema.optional(Schema.Array(Schema.Unknown)),
})
export type Fixture = typeof Fixture.Type

export const fixtureNames = (gateway: GatewayName): ReadonlyArray<string> =>
  readdirSync(new URL(`${gateway}/`, root))
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .sort()

export const fixture = (gateway: GatewayName, name: string): Fixture =>
  Schema.decodeUnknownSync(Fixture)(JSON.parse(readFileSync(new URL(`${gateway}/${name}.json`, root), "utf8")))

/** The fixture's response as the HTTP layer hands it over: headers lower-cased. */
export const replyOf = (f: Fixture): WireReply => {
  if (f.response === undefined) throw new Error(`fixture has no response: ${f.description}`)
  const headers: Record<string, string> = {}
  for (const [key, value] of Object.entries(f.response.headers ?? {})) headers[key.toLowerCase()] = value
  return { status: f.response.status, headers, body: f.response.body }
}

export const requestBodyOf = (f: Fixture): Record<string, unknown> => {
  const body = f.request?.body
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new Error(`no request body: ${f.description}`)
  return { ...body }
}

export { normalized } from "../support/requests.js"

/** The fields a doc body gives, picked out of what we send, so the two can be compared whole. */
export const pickLike = (sent: unknown, documented: unknown): unknown => {
  if (typeof documented !== "object" || documented === null || Array.isArray(documented)) return sent
  if (typeof sent !== "object" || sent === null || Array.isArray(sent)) return sent
  const fields = new Map(Object.entries(sent))
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(documented)) out[key] = pickLike(fields.get(key), value)
  return out
}
