import * as Schema from "effect/Schema"

/** The gateways a user can pick by name. */
export const GatewayName = Schema.Literal("ttapi", "tokenbay", "evolink", "acedata", "dashscope")
export type GatewayName = typeof GatewayName.Type

/** Names a user may type; `openai-compatible` is any new-api deployment, spoken as TokenBay. */
export const gatewayAliases: Readonly<Record<string, GatewayName>> = {
  ttapi: "ttapi",
  tokenbay: "tokenbay",
  "openai-compatible": "tokenbay",
  "new-api": "tokenbay",
  evolink: "evolink",
  acedata: "acedata",
  "acedata-cloud": "acedata",
  dashscope: "dashscope",
}

export const gatewayNames: ReadonlyArray<GatewayName> = GatewayName.literals

export const resolveGatewayName = (input: string): GatewayName | undefined =>
  gatewayAliases[input.trim().toLowerCase()]
