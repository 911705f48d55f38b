import { redactText, redactValue } from "@happyhorse/core"
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

/**
 * The core removes keys from gateway text at the source; every line still passes through the
 * same rule here, a belt for a key that reaches a message some other way.
 */
export const makeOutput = (json: boolean, secrets: ReadonlyArray<string> = [], sink: Sink = processSink): OutputService => {
  const scrub = (text: string) => redactText(text, secrets)
  return {
    json,
    record: (value) => (json ? Effect.sync(() => sink.out(`${JSON.stringify(redactValue(value, secrets))}\n`)) : Effect.void),
    say: (text) => (json ? Effect.void : Effect.sync(() => sink.out(`${scrub(text)}\n`))),
    note: (text) => Effect.sync(() => sink.err(`${scrub(text)}\n`)),
    raw: (text) => (json ? Effect.void : Effect.sync(() => sink.out(scrub(text)))),
  }
}

export const layer = (json: boolean, secrets: ReadonlyArray<string> = []): Layer.Layer<Output> =>
  Layer.succeed(Output, makeOutput(json, secrets))
