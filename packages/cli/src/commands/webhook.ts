import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { Journal } from "../journal/Journal.js"
import { Output } from "../output/Output.js"
import { serveWebhooks } from "../webhook/Receiver.js"
import { verifyRow } from "../webhook/verifyRow.js"
import { journalLayer, json, runCommand, state, timeScale } from "./shared.js"

export const webhook = Command.make(
  "webhook",
  {
    port: Options.integer("port").pipe(Options.withDefault(8788)),
    host: Options.text("host").pipe(Options.withDescription("Address to listen on (default 127.0.0.1; put a TLS proxy in front)."), Options.withDefault("127.0.0.1")),
    state,
    timeScale,
    json,
  },
  (flags) =>
    runCommand(
      flags.json,
      Effect.gen(function* () {
        const output = yield* Output
        const journal = yield* Journal
        const receiver = yield* serveWebhooks({
          port: flags.port,
          host: flags.host,
          journal,
          verify: (row) => verifyRow(row, flags.timeScale),
          onVerdict: (verdict) => Effect.runFork(output.record({ event: "callback", ...verdict })),
        }).pipe(Effect.orDie)
        yield* output.record({ event: "listening", base: receiver.base })
        yield* output.say(`Receiving EvoLink and AceData callbacks on ${receiver.base}/<token>; each is checked against the gateway before the journal changes.`)
        yield* output.note(`Run batches with --callback-base <public URL of ${receiver.base}>. Ctrl-C to stop.`)
        return yield* Effect.never
      }).pipe(Effect.provide(journalLayer(flags.state))),
    ),
).pipe(Command.withDescription("Receive EvoLink and AceData callbacks: verified, deduplicated, journaled."))
