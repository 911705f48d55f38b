import { type Client, createClient, type GatewayName, resolveGatewayName, ValidationError } from "@happyhorse/core/node"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { AppOptions } from "./AppOptions.js"

/** The auth fields as Zapier stores them. */
const AuthData = Schema.Struct({
  gateway: Schema.String,
  api_key: Schema.String,
  base_url: Schema.optional(Schema.NullOr(Schema.String)),
})

/** A decoded connection: which gateway, with which key, at which origin. */
export interface Connection {
  readonly gateway: GatewayName
  readonly apiKey: string
  readonly baseUrl: string | undefined
}

/** Reads `bundle.authData`; throws a ValidationError naming the field. */
export const readConnection = (authData: unknown): Connection => {
  const decoded = Schema.decodeUnknownEither(AuthData)(authData)
  if (Either.isLeft(decoded)) {
    // Only the field's name: the schema's message would quote the value, which may be the key.
    const issue = ParseResult.ArrayFormatter.formatErrorSync(decoded.left)[0]
    throw new ValidationError({
      field: String(issue?.path[0] ?? "authentication"),
      value: "(hidden)",
      rule: "is required and must be text; reconnect the account",
    })
  }
  const { api_key, base_url } = decoded.right
  const gateway = resolveGatewayName(decoded.right.gateway)
  if (gateway === undefined) {
    throw new ValidationError({
      field: "gateway",
      value: decoded.right.gateway,
      rule: "must be one of ttapi, tokenbay, evolink, acedata, dashscope",
    })
  }
  const baseUrl = base_url === undefined || base_url === null || base_url.trim() === "" ? undefined : base_url.trim()
  return { gateway, apiKey: api_key.trim(), baseUrl }
}

/** Runs `use` with a core client for one Zapier call, and always releases it. */
export const withClient = async <A>(
  connection: Connection,
  options: AppOptions,
  use: (client: Client) => Promise<A>,
): Promise<A> => {
  const client = createClient({
    provider: connection.gateway,
    apiKey: connection.apiKey,
    ...(connection.baseUrl === undefined ? {} : { baseUrl: connection.baseUrl }),
    ...(options.timeScale === undefined ? {} : { timeScale: options.timeScale }),
    ...(options.allowPrivateCallbackUrls === undefined ? {} : { allowPrivateCallbackUrls: options.allowPrivateCallbackUrls }),
  })
  try {
    return await use(client)
  } finally {
    await client.dispose()
  }
}
