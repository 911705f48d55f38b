import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import { HappyHorse } from "@happyhorse/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as Options from "@effect/cli/Options"
import { clientLayer } from "../client/clientLayer.js"
import { type Connection, resolveConnection } from "../config/Connection.js"
import { UsageError } from "../config/UsageError.js"
import { Output } from "../output/Output.js"
import { connection, connectionFlags, json, out, runCommand } from "./shared.js"

const taskId = Args.text({ name: "task-id" })

const withClient = <A, E, R>(conn: Connection, deadlineMs: number | undefined, body: Effect.Effect<A, E, R | HappyHorse>) => {
  const layer = clientLayer(conn, { deadlineMs })
  return Either.isLeft(layer) ? Effect.fail(new UsageError({ detail: layer.left.message })) : Effect.provide(body, layer.right)
}

const describe = (status: { readonly _tag: string; readonly progress?: number | undefined; readonly reason?: string; readonly videoUrl?: string }) =>
  status._tag === "Running" && status.progress !== undefined ? `running ${status.progress}%` : status._tag.toLowerCase()

export const status = Command.make("status", { taskId, ...connection, json }, (flags) =>
  runCommand(
    flags.json,
    Effect.gen(function* () {
      const output = yield* Output
      const conn = yield* resolveConnection(connectionFlags(flags), { allowSandbox: false })
      const snapshot = yield* withClient(conn, undefined, Effect.flatMap(HappyHorse, (c) => c.get(flags.taskId)))
      yield* output.record({ taskId: snapshot.taskId, gateway: snapshot.gateway, status: snapshot.status, rawStatus: snapshot.rawStatus })
      yield* output.say(`${snapshot.taskId}: ${describe(snapshot.status)}${snapshot.status._tag === "Succeeded" ? ` ${snapshot.status.videoUrl}` : ""}`)
    }),
  ),
).pipe(Command.withDescription("Show a task's status once."))

export const wait = Command.make(
  "wait",
  { taskId, ...connection, json, timeout: Options.integer("timeout").pipe(Options.withDescription("Seconds (default 600)."), Options.optional) },
  (flags) =>
    runCommand(
      flags.json,
      Effect.gen(function* () {
        const output = yield* Output
        const conn = yield* resolveConnection(connectionFlags(flags), { allowSandbox: false })
        const deadlineMs = Option.getOrUndefined(Option.map(flags.timeout, (s) => s * 1000))
        const last = yield* withClient(
          conn,
          deadlineMs,
          Effect.flatMap(HappyHorse, (c) =>
            c.watch(flags.taskId, { pollImmediately: true }).pipe(
              Stream.tap((event) =>
                Effect.zipRight(
                  output.record({ event: event._tag === "Progress" ? event.state : event._tag.toLowerCase(), ...event }),
                  event._tag === "Progress" ? output.note(`  ${event.state}${event.progress === undefined ? "" : ` ${event.progress}%`}`) : Effect.void,
                ),
              ),
              Stream.runLast,
            ),
          ),
        )
        const final = Option.getOrUndefined(last)
        if (final?._tag === "Succeeded") yield* output.say(`${flags.taskId}: succeeded ${final.videoUrl}`)
        else if (final?._tag === "Failed") {
          process.exitCode = 3
          yield* output.say(`${flags.taskId}: failed: ${final.reason}`)
        } else if (final?._tag === "Canceled") {
          process.exitCode = 3
          yield* output.say(`${flags.taskId}: canceled`)
        }
      }),
    ),
).pipe(Command.withDescription("Wait for a task to finish."))

export const download = Command.make("download", { taskId, ...connection, json, out }, (flags) =>
  runCommand(
    flags.json,
    Effect.gen(function* () {
      const output = yield* Output
      const conn = yield* resolveConnection(connectionFlags(flags), { allowSandbox: false })
      const file = yield* withClient(
        conn,
        undefined,
        Effect.gen(function* () {
          const c = yield* HappyHorse
          const snapshot = yield* c.get(flags.taskId)
          if (snapshot.status._tag !== "Succeeded") {
            return yield* new UsageError({ detail: `Task ${flags.taskId} has no video yet (status ${snapshot.rawStatus}).` })
          }
          return yield* c.download(flags.taskId, snapshot.status.videoUrl, { outDir: Option.getOrElse(flags.out, () => ".") })
        }),
      )
      yield* output.record({ taskId: flags.taskId, file: file.path, bytes: file.bytes })
      yield* output.say(`Saved ${file.path} (${file.bytes} bytes).`)
    }),
  ),
).pipe(Command.withDescription("Download a finished task's video (resumes a cut download)."))

export const cancel = Command.make("cancel", { taskId, ...connection, json }, (flags) =>
  runCommand(
    flags.json,
    Effect.gen(function* () {
      const conn = yield* resolveConnection(connectionFlags(flags), { allowSandbox: false })
      const caps = (yield* withClient(conn, undefined, HappyHorse)).capabilities
      if (!caps.cancel) {
        return yield* new UsageError({
          detail: `${conn.gateway} documents no cancel call, so task ${flags.taskId} runs to its end on the gateway (a failed task is not billed).`,
        })
      }
      return yield* new UsageError({ detail: `Cancel on ${conn.gateway} is not supported by this version.` })
    }),
  ),
).pipe(Command.withDescription("Cancel a task, where the gateway can."))
