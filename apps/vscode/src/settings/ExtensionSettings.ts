import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { AspectRatio, GatewayName, Resolution } from "@happyhorse/core"

/** The `happyhorse.*` settings, decoded; a bad value falls back to its default instead of breaking a command. */
export const ExtensionSettings = Schema.Struct({
  provider: GatewayName,
  baseUrl: Schema.String,
  outputDir: Schema.String,
  defaultResolution: Resolution,
  defaultRatio: AspectRatio,
  defaultDuration: Schema.Number,
  confirmCostAboveUsd: Schema.Number,
  timeoutMinutes: Schema.Number,
  openPlayer: Schema.Boolean,
  timeScale: Schema.Number,
})
export type ExtensionSettings = typeof ExtensionSettings.Type

export const defaultSettings: ExtensionSettings = {
  provider: "ttapi",
  baseUrl: "",
  outputDir: "happyhorse-videos",
  defaultResolution: "720P",
  defaultRatio: "16:9",
  defaultDuration: 5,
  confirmCostAboveUsd: 1,
  timeoutMinutes: 10,
  openPlayer: true,
  timeScale: 1,
}

/** What `vscode.workspace.getConfiguration("happyhorse")` offers that we need. */
export interface ConfigurationReader {
  get(section: string): unknown
}

/** One setting: decoded on its own, so one bad value does not discard the others. */
const read = <A, I>(config: ConfigurationReader, key: string, schema: Schema.Schema<A, I>, fallback: A): A => {
  const raw = config.get(key)
  if (raw === undefined || raw === null) return fallback
  const decoded = Schema.decodeUnknownEither(schema)(raw)
  return Either.isRight(decoded) ? decoded.right : fallback
}

export const readSettings = (config: ConfigurationReader): ExtensionSettings => {
  const f = ExtensionSettings.fields
  const d = defaultSettings
  const outputDir = read(config, "outputDir", f.outputDir, d.outputDir).trim()
  const timeScale = read(config, "testing.timeScale", f.timeScale, d.timeScale)
  return {
    provider: read(config, "provider", f.provider, d.provider),
    baseUrl: read(config, "baseUrl", f.baseUrl, d.baseUrl).trim(),
    outputDir: outputDir === "" ? d.outputDir : outputDir,
    defaultResolution: read(config, "defaultResolution", f.defaultResolution, d.defaultResolution),
    defaultRatio: read(config, "defaultRatio", f.defaultRatio, d.defaultRatio),
    defaultDuration: read(config, "defaultDuration", f.defaultDuration, d.defaultDuration),
    confirmCostAboveUsd: Math.max(0, read(config, "confirmCostAboveUsd", f.confirmCostAboveUsd, d.confirmCostAboveUsd)),
    timeoutMinutes: Math.max(1, read(config, "timeoutMinutes", f.timeoutMinutes, d.timeoutMinutes)),
    openPlayer: read(config, "openPlayer", f.openPlayer, d.openPlayer),
    timeScale: Number.isFinite(timeScale) && timeScale >= 1 ? timeScale : 1,
  }
}
