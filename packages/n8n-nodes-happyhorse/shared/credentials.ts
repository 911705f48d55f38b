import { checkCredentialsPromise } from "@happyhorse/core/surface"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type { INodeCredentialTestResult } from "n8n-workflow"
import { type ClientFactory, clientOptions, type TestKnobs } from "./clientFactory.js"

/** The stored credential, decoded: n8n hands it over as an untyped object. */
export const HappyHorseCredentials = Schema.Struct({
  gateway: Schema.Literal("ttapi", "tokenbay", "evolink", "acedata", "dashscope"),
  apiKey: Schema.String.pipe(Schema.minLength(1, { message: () => "the API key is empty" })),
  baseUrl: Schema.optional(Schema.String),
})
export type HappyHorseCredentials = typeof HappyHorseCredentials.Type

export const decodeCredentials = Schema.decodeUnknownEither(HappyHorseCredentials)

/**
 * The credential's Test button: the kit's check (one free, authenticated read), which fails for a
 * refused key, an unreachable gateway and a base URL that answers but is not the gateway's API.
 */
export const testCredential = async (data: unknown, makeClient: ClientFactory, knobs: TestKnobs): Promise<INodeCredentialTestResult> => {
  const decoded = decodeCredentials(data)
  if (Either.isLeft(decoded)) return { status: "Error", message: "Pick a gateway and enter an API key" }
  let client
  try {
    client = makeClient(clientOptions(decoded.right, knobs, 15_000))
  } catch (error) {
    return { status: "Error", message: error instanceof Error ? error.message : String(error) }
  }
  try {
    const check = await checkCredentialsPromise(client, { timeoutMs: 20_000 })
    return { status: check.status === "ok" ? "OK" : "Error", message: check.message }
  } finally {
    await client.dispose()
  }
}
