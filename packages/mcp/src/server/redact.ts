import * as Cause from "effect/Cause"
import * as HashMap from "effect/HashMap"
import * as Logger from "effect/Logger"

/**
 * Replaces every secret in a text; the last guard before anything leaves the process. Reads the
 * list on each call, so a key learned later (from the config file) is covered from then on.
 */
export const makeRedactor = (secrets: ReadonlyArray<string>) => (text: string): string =>
  secrets.filter((s) => s.length >= 4).reduce((acc, secret) => acc.split(secret).join("[redacted]"), text)

const show = (value: unknown): string => {
  if (typeof value === "string") return value
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

/**
 * One line per log entry on stderr (stdout carries the protocol under stdio), with every secret
 * replaced.
 */
export const stderrLogger = (redact: (text: string) => string): Logger.Logger<unknown, void> =>
  Logger.make(({ annotations, cause, date, logLevel, message }) => {
    const parts = Array.isArray(message) ? message.map(show) : [show(message)]
    const extra = HashMap.size(annotations) === 0 ? "" : ` ${show(Object.fromEntries(HashMap.toEntries(annotations)))}`
    const why = Cause.isEmpty(cause) ? "" : `\n${Cause.pretty(cause)}`
    process.stderr.write(redact(`${date.toISOString()} ${logLevel.label} happyhorse-mcp: ${parts.join(" ")}${extra}${why}`) + "\n")
  })
