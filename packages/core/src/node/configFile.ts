import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { readFileSync } from "node:fs"
import { homedir } from "node:os"
import { join } from "node:path"
import { ValidationError } from "../index.js"

/**
 * ~/.config/happyhorse/config.json: where a key can live outside shell history. Every host on
 * this machine (the CLI, the MCP server) reads the same file.
 */
export const ConfigFile = Schema.Struct({
  provider: Schema.optional(Schema.String),
  apiKey: Schema.optional(Schema.Redacted(Schema.String)),
  baseUrl: Schema.optional(Schema.String),
})
export type ConfigFile = typeof ConfigFile.Type

export const configPath = (env: NodeJS.ProcessEnv = process.env): string =>
  env["HAPPYHORSE_CONFIG"] ?? join(env["XDG_CONFIG_HOME"] ?? join(homedir(), ".config"), "happyhorse", "config.json")

const decode = Schema.decodeUnknown(Schema.parseJson(ConfigFile))

/** The config file, or nothing when there is none; a broken file names itself, never its content. */
export const readConfigFile = (path: string): Effect.Effect<Option.Option<ConfigFile>, ValidationError> =>
  Effect.gen(function* () {
    let text: string
    try {
      text = readFileSync(path, "utf8")
    } catch {
      return Option.none()
    }
    const parsed = yield* decode(text).pipe(
      Effect.mapError(
        () => new ValidationError({ field: "config file", value: JSON.stringify(path), rule: "must be valid JSON with provider, apiKey and baseUrl strings" }),
      ),
    )
    return Option.some(parsed)
  })
