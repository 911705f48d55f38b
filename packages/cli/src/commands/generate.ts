import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { HappyHorse } from "@happyhorse/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import { randomBytes } from "node:crypto"
import type { RunEvent } from "../batch/runTask.js"
import { runTask } from "../batch/runTask.js"
import { clientLayer } from "../client/clientLayer.js"
import { resolveConnection } from "../config/Connection.js"
import { UsageError } from "../config/UsageError.js"
import { Journal } from "../journal/Journal.js"
import { SANDBOX_BASE_URL } from "../journal/TaskRow.js"
import { Output } from "../output/Output.js"
import { buildRequest } from "../request/buildRequest.js"
import { connection, connectionFlags, journalLayer, json, out, requestOptions, runCommand, state } from "./shared.js"

const SANDBOX_NOTE =
  "No HAPPYHORSE_API_KEY is set, so this runs on the built-in sandbox: the clip is a placeholder made on this machine, not a HappyHorse video, and nothing is charged. For a real video set HAPPYHORSE_PROVIDER and HAPPYHORSE_API_KEY."

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`

export const generate = Command.make(
  "generate",
  {
    prompt: Args.text({ name: "prompt" }).pipe(Args.withDescription("What the video shows.")),
    ...requestOptions,
    ...connection,
    out,
    state,
    json,
    noWait: Options.boolean("no-wait").pipe(Options.withDescription("Submit, print the task id and stop.")),
    timeout: Options.integer("timeout").pipe(Options.withDescription("Seconds to wait for the video (default 600)."), Options.optional),
  },
  (flags) =>
    runCommand(
      flags.json,
      Effect.gen(function* () {
        const output = yield* Output
        const request = buildRequest(flags.prompt, flags)
        if (request instanceof UsageError) return yield* request
        const conn = yield* resolveConnection(connectionFlags(flags), { allowSandbox: true })
        if (conn.sandbox) {
          if (flags.noWait) return yield* new UsageError({ detail: "--no-wait needs a real gateway: the built-in sandbox stops when this command ends." })
          yield* output.note(SANDBOX_NOTE)
          yield* output.record({ event: "sandbox", message: SANDBOX_NOTE })
        }
        const deadlineMs = Option.getOrUndefined(Option.map(flags.timeout, (s) => s * 1000))
        const layer = clientLayer(conn, { deadlineMs })
        if (Either.isLeft(layer)) return yield* new UsageError({ detail: layer.left.message })

        yield* Effect.gen(function* () {
          const client = yield* HappyHorse
          const journal = yield* Journal
          yield* client.validate(request)
          const key = `generate:${new Date().toISOString()}:${randomBytes(4).toString("hex")}`
          yield* journal.intend({
            key,
            batch: "generate",
            gateway: conn.gateway,
            baseUrl: conn.sandbox ? SANDBOX_BASE_URL : (conn.baseUrl ?? ""),
            request: JSON.stringify(request),
            prompt: flags.prompt,
          })
          let lastShown = ""
          const onEvent = (event: RunEvent): Effect.Effect<void> => {
            if (event._tag === "Submitted") {
              return Effect.zipRight(
                output.record({ event: "submitted", taskId: event.taskId, gateway: conn.gateway }),
                output.note(`Submitted task ${event.taskId} to ${conn.gateway}${conn.sandbox ? " (sandbox)" : ""}.`),
              )
            }
            if (event._tag === "Task") {
              const e = event.event
              const shown = e._tag === "Progress" ? `${e.state}${e.progress === undefined ? "" : ` ${e.progress}%`}` : e._tag.toLowerCase()
              if (shown === lastShown) return Effect.void
              lastShown = shown
              return Effect.zipRight(
                output.record({ event: e._tag === "Progress" ? e.state : e._tag.toLowerCase(), ...e }),
                output.json ? Effect.void : output.note(`  ${shown}${"elapsedMs" in e ? ` (${Math.round(e.elapsedMs / 1000)} s)` : ""}`),
              )
            }
            return Effect.void
          }
          const row = yield* runTask(key, {
            outDir: Option.getOrElse(flags.out, () => "."),
            wait: !flags.noWait,
            deadlineMs,
            onEvent,
          })
          const cost = row.cost_usd === null ? null : { usd: row.cost_usd, charged: !conn.sandbox }
          yield* output.record({
            taskId: row.task_id,
            status: row.state === "done" ? "succeeded" : row.state,
            file: row.file,
            bytes: row.bytes,
            cost,
            gateway: conn.gateway,
            sandbox: conn.sandbox,
            videoUrl: row.video_url,
          })
          if (row.state === "done" && row.file !== null) {
            const price = row.cost_usd === null ? "" : `, estimated cost $${row.cost_usd.toFixed(3)}${conn.sandbox ? " (sandbox: not charged)" : ""}`
            yield* output.say(`Saved ${row.file} (${mb(row.bytes ?? 0)}) from task ${row.task_id}${price}.${conn.sandbox ? " This is a sandbox clip, not a HappyHorse video." : ""}`)
          } else {
            yield* output.say(`Submitted task ${row.task_id} to ${conn.gateway}; follow it with: happyhorse wait ${row.task_id}`)
          }
        }).pipe(Effect.provide(layer.right), Effect.provide(journalLayer(flags.state)))
      }),
    ),
).pipe(Command.withDescription("Make a video: text-to-video, or with --image, --ref or --video the other kinds."))
