import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import type { ConnectionFlags } from "../config/Connection.js"
import { defaultStateDir, journalFile } from "../config/stateDir.js"
import * as Journal from "../journal/Journal.js"
import { exitCodeOf, ExitCode } from "../output/exitCode.js"
import { Output, layer as outputLayer } from "../output/Output.js"
import type { RequestFlags } from "../request/buildRequest.js"

export const json = Options.boolean("json").pipe(Options.withDescription("Print one JSON object per line."))
export const provider = Options.text("provider").pipe(
  Options.withDescription("ttapi, tokenbay (or openai-compatible), evolink, acedata or dashscope (default: HAPPYHORSE_PROVIDER)."),
  Options.optional,
)
export const baseUrl = Options.text("base-url").pipe(
  Options.withDescription("The gateway's origin (default: HAPPYHORSE_BASE_URL, else the gateway's own)."),
  Options.optional,
)
export const timeScale = Options.float("time-scale").pipe(
  Options.withDescription("Test setting: divide every wait by this factor, for a time-compressed sandbox."),
  Options.optional,
)
export const state = Options.text("state").pipe(
  Options.withDescription("Folder of the task journal (default: ~/.local/state/happyhorse)."),
  Options.optional,
)
export const out = Options.text("out").pipe(Options.withDescription("Folder for the videos."), Options.optional)

export const connection = { provider, baseUrl, timeScale }

export const requestOptions = {
  image: Options.text("image").pipe(Options.withDescription("First frame URL: makes image-to-video."), Options.optional),
  ref: Options.text("ref").pipe(Options.withDescription("Reference image URL (repeat, 1-9): makes reference-to-video."), Options.repeated),
  video: Options.text("video").pipe(Options.withDescription("Video URL to edit: makes a video edit."), Options.optional),
  model: Options.choice("model", ["1.0", "1.1"]).pipe(Options.optional),
  resolution: Options.choice("resolution", ["720P", "1080P", "720p", "1080p"]).pipe(Options.optional),
  ratio: Options.text("ratio").pipe(Options.withDescription("16:9, 9:16, 1:1, 4:3, 3:4 ..."), Options.optional),
  duration: Options.integer("duration").pipe(Options.withDescription("Seconds, 3-15."), Options.optional),
  seed: Options.integer("seed").pipe(Options.optional),
  watermark: Options.boolean("watermark"),
}

export const connectionFlags = (flags: {
  readonly provider: Option.Option<string>
  readonly baseUrl: Option.Option<string>
  readonly timeScale: Option.Option<number>
}): ConnectionFlags => ({ provider: flags.provider, baseUrl: flags.baseUrl, timeScale: flags.timeScale })

export const requestFlags = (flags: RequestFlags): RequestFlags => flags

export const journalLayer = (stateFlag: Option.Option<string>) =>
  Journal.layer(journalFile(Option.getOrElse(stateFlag, () => defaultStateDir())))

/** Values that must never be printed, whatever a message holds. */
export const secrets = (): ReadonlyArray<string> => {
  const key = process.env["HAPPYHORSE_API_KEY"]
  return key === undefined || key === "" ? [] : [key]
}

/**
 * Every command's edge: a typed error becomes one sentence (or one JSON line) and an exit
 * code; a defect is reported without a stack trace unless HAPPYHORSE_DEBUG is set.
 */
export const runCommand = <E extends { readonly _tag: string; readonly message: string }>(
  jsonMode: boolean,
  body: Effect.Effect<void, E, Output | Scope.Scope>,
): Effect.Effect<void> =>
  Effect.gen(function* () {
    const output = yield* Output
    const fail = (tag: string, message: string) =>
      Effect.gen(function* () {
        const code = exitCodeOf(tag)
        process.exitCode = code
        if (output.json) yield* output.record({ event: "error", error: tag, message, exitCode: code })
        else yield* output.note(`Error: ${message}`)
      })
    yield* Effect.scoped(body).pipe(
      Effect.catchAll((error) => fail(error._tag, error.message)),
      Effect.catchAllDefect((defect) => {
        if (process.env["HAPPYHORSE_DEBUG"] !== undefined) console.error(defect)
        const message = defect instanceof Error ? defect.message : String(defect)
        return Effect.zipRight(fail("Internal", `unexpected failure: ${message}`), Effect.sync(() => void (process.exitCode = ExitCode.internal)))
      }),
    )
  }).pipe(Effect.provide(Layer.fresh(outputLayer(jsonMode, secrets()))))
