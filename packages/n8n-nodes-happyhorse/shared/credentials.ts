import * as Schema from "effect/Schema"

/** The stored credential, decoded: n8n hands it over as an untyped object. */
export const HappyHorseCredentials = Schema.Struct({
  gateway: Schema.Literal("ttapi", "tokenbay", "evolink", "acedata", "dashscope"),
  apiKey: Schema.String.pipe(Schema.minLength(1, { message: () => "the API key is empty" })),
  baseUrl: Schema.optional(Schema.String),
})
export type HappyHorseCredentials = typeof HappyHorseCredentials.Type

export const decodeCredentials = Schema.decodeUnknownEither(HappyHorseCredentials)
