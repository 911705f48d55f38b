import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/** Where the CLI speaks: JSON lines on stdout with --json, plain sentences otherwise. */
export interface OutputService {
  readonly json: boolean
  /** A machine record: printed as one JSON line in --json mode, else ignored. */
  readonly record: (value: Record<string, unknown>) => Effect.Effect<void>
  /** A result sentence for a person (stdout); ignored in --json mode. */
  readonly say: (text: string) => Effect.Effect<void>
  /** A side note for a person (stderr), in both modes. */
  readonly note: (text: string) => Effect.Effect<void>
  /** Raw text to stdout in human mode (progress redraws). */
  readonly raw: (text: string) => Effect.Effect<void>
}

export class Output extends Context.Tag("@happyhorse/cli/Output")<Output, OutputService>() {}

export interface Sink {
  readonly out: (text: string) => void
  readonly err: (text: string) => void
}

const processSink: Sink = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
}

/** Every line passes through `scrub`, so a secret that slipped into a message is still masked. */
export const makeOutput = (json: boolean, secrets: ReadonlyArray<string> = [], sink: Sink = processSink): OutputService => {
  const live = secrets.filter((s) => s.length >= 4)
  const scrub = (text: string) => live.reduce((acc, secret) => acc.split(secret).join("***"), text)
  return {
    json,
    record: (value) => (json ? Effect.sync(() => sink.out(`${scrub(JSON.stringify(value))}\n`)) : Effect.void),
    say: (text) => (json ? Effect.void : Effect.sync(() => sink.out(`${scrub(text)}\n`))),
    note: (text) => Effect.sync(() => sink.err(`${scrub(text)}\n`)),
    raw: (text) => (json ? Effect.void : Effect.sync(() => sink.out(scrub(text)))),
  }
}

export const layer = (json: boolean, secrets: ReadonlyArray<string> = []): Layer.Layer<Output> =>
  Layer.succeed(Output, makeOutput(json, secrets))
