import { type CallbackInbox, checkCallbackUrl, HappyHorse, makeGovernor, type ManyEvent, safeFileName } from "@happyhorse/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import type * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { clientLayer } from "../client/clientLayer.js"
import type { Connection } from "../config/Connection.js"
import { UsageError } from "../config/UsageError.js"
import { batchJournal, callbackUrlFor } from "../journal/batchJournal.js"
import { Journal } from "../journal/Journal.js"
import { SANDBOX_BASE_URL, type TaskRow } from "../journal/TaskRow.js"
import { Output } from "../output/Output.js"
import { type BatchReport, makeReport } from "../report/BatchReport.js"
import { renderHtmlReport } from "../report/htmlReport.js"
import { type BatchFileError, batchName, readBatch } from "./BatchFile.js"
import { jsonProgress, type Progress, terminalProgress } from "./Progress.js"
import type { RunError } from "./runTask.js"

export interface BatchOptions {
  /** A batch file; without it, every unfinished task already in the journal (resume). */
  readonly file: string | undefined
  readonly name: string | undefined
  readonly outDir: string
  readonly concurrency: number
  /** Starting submits per second. */
  readonly rate: number
  readonly budgetUsd: number | undefined
  readonly taskTimeoutMs: number | undefined
  readonly resubmitInDoubt: boolean
  readonly callbackBase?: string | undefined
  /**
   * Test setting: accept an http or private callback base (a local receiver). Explicit only; never
   * inferred from the URL.
   */
  readonly allowPrivateCallbacks?: boolean | undefined
  readonly inbox?: Layer.Layer<CallbackInbox> | undefined
  /** Bars on a terminal, else JSON lines. */
  readonly live: boolean
}

const ACTIVE: ReadonlyArray<TaskRow["state"]> = ["pending", "submitted", "running", "succeeded"]
/** States whose money is spent or on its way: they count against the budget on a rerun. */
const COMMITTED: ReadonlyArray<TaskRow["state"]> = ["submitted", "running", "succeeded", "done", "in-doubt"]

/**
 * Run a batch through the core's generateMany, on this journal: journal every line, settle what a crash left behind, then
 * take each unfinished task as far as it goes. Writes report.json and report.html in the out folder.
 */
export const runBatch = (
  connection: Connection,
  options: BatchOptions,
): Effect.Effect<BatchReport, RunError | BatchFileError | UsageError, Journal | Output> =>
  Effect.gen(function* () {
    const journal = yield* Journal
    const output = yield* Output
    const startedAt = Date.now()
    const batch = options.name ?? (options.file === undefined ? undefined : batchName(options.file))
    if (batch === undefined) return yield* new UsageError({ detail: "Give a batch file, or --name of a batch in the journal." })

    // The callback base is checked with the batch, before anything is journaled or sent, by the
    // same rules every callback URL meets: parsed, never judged by its spelling.
    const allowPrivateCallbackUrls = connection.sandbox || options.allowPrivateCallbacks === true
    if (options.callbackBase !== undefined) {
      yield* checkCallbackUrl(options.callbackBase, { allowPrivateCallbackUrls }, "--callback-base")
    }
    const rateLimited = yield* Ref.make(0)
    const layer = clientLayer(connection, {
      deadlineMs: options.taskTimeoutMs,
      inbox: options.inbox,
      allowPrivateCallbackUrls,
      // generateMany's governor resends each 429 in its own paced turn; the report counts every 429.
      rateLimitRetries: 0,
      onReply: (status) => (status === 429 ? Ref.update(rateLimited, (n) => n + 1) : Effect.void),
    })
    if (Either.isLeft(layer)) return yield* new UsageError({ detail: layer.left.message })

    return yield* Effect.gen(function* () {
      const client = yield* HappyHorse
      if (options.file !== undefined) {
        const items = yield* readBatch(options.file)
        // Refuse the whole file before anything is spent if a line is invalid for this gateway.
        const invalid: Array<string> = []
        for (const item of items) {
          const checked = yield* Effect.either(client.validate(item.request))
          if (Either.isLeft(checked)) invalid.push(`line ${item.line}: ${checked.left.message}`)
        }
        if (invalid.length > 0) {
          return yield* new UsageError({ detail: `${options.file} has invalid requests; nothing was submitted. ${invalid.slice(0, 5).join(" | ")}` })
        }
        yield* Effect.forEach(
          items,
          (item) =>
            journal.intend({
              key: `${batch}:${item.id}`,
              batch,
              gateway: connection.gateway,
              baseUrl: connection.sandbox ? SANDBOX_BASE_URL : (connection.baseUrl ?? ""),
              request: JSON.stringify(item.request),
              prompt: typeof item.request["prompt"] === "string" ? item.request["prompt"] : null,
            }),
          { discard: true },
        )
      }
      const interrupted = yield* journal.settleInterrupted(batch)
      if (interrupted > 0) {
        yield* output.note(`${interrupted} submit(s) were cut off by a crash and are now in doubt; they are not resent (use --resubmit-in-doubt to send them again).`)
      }
      if (options.resubmitInDoubt) {
        const released = yield* journal.releaseInDoubt(batch)
        if (released > 0) yield* output.note(`${released} in-doubt submit(s) will be sent again, as asked; each may be billed twice.`)
      }

      const committed = yield* journal.list({ batch, states: COMMITTED })
      let spentUsd = 0
      for (const row of committed) {
        const estimate = yield* Effect.either(client.estimate(JSON.parse(row.request)))
        if (Either.isRight(estimate)) spentUsd += estimate.right.usd
      }
      const governor = yield* makeGovernor({
        rate: options.rate,
        budgetUsd: options.budgetUsd,
        spentUsd,
        timeScale: connection.timeScale,
      })

      const todo = yield* journal.list({ batch, states: ACTIVE })
      const all = yield* journal.list({ batch })
      const progress: Progress = options.live
        ? terminalProgress(todo.length, (text) => void process.stderr.write(text))
        : jsonProgress((line) => Effect.runSync(output.json ? output.record(JSON.parse(line)) : output.note(line)))
      yield* output.note(`Batch ${batch}: ${all.length} tasks, ${todo.length} to run, ${all.length - todo.length} already settled.`)

      const ticker = yield* Effect.fork(Effect.repeat(progress.render, Schedule.spaced("250 millis")))
      const toRunEvent = (event: ManyEvent): Effect.Effect<void> => {
        switch (event._tag) {
          case "Submitting":
          case "Submitted":
            return progress.onEvent(event)
          case "Task":
            return progress.onEvent({ _tag: "Task", key: event.key, event: event.event })
          case "Downloading":
            return progress.onEvent({ _tag: "Downloading", key: event.key, received: event.received, total: event.total })
          case "Finished":
            // Each outcome is already in the journal; the row is what the display shows.
            return Effect.flatMap(Effect.orElseSucceed(journal.get(event.result.key), () => Option.none()), (found) =>
              Option.isSome(found) ? progress.onEvent({ _tag: "Done", key: event.result.key, row: found.value }) : Effect.void,
            )
        }
      }
      yield* client.generateMany(
        todo.map((row) => ({ key: row.key, request: JSON.parse(row.request) as unknown })),
        {
          concurrency: options.concurrency,
          governor,
          outDir: options.outDir,
          fileName: (key) => safeFileName(key),
          journal: batchJournal(journal),
          ...(options.taskTimeoutMs === undefined ? {} : { deadline: options.taskTimeoutMs }),
          ...(options.callbackBase === undefined ? {} : { callbackUrl: callbackUrlFor(journal, options.callbackBase) }),
          onEvent: toRunEvent,
        },
      )
      yield* Fiber.interrupt(ticker)
      yield* progress.finish

      const rows = yield* journal.list({ batch })
      const report = makeReport(batch, connection.gateway, startedAt, rows, yield* Ref.get(rateLimited))
      mkdirSync(options.outDir, { recursive: true })
      writeFileSync(join(options.outDir, "report.json"), `${JSON.stringify(report, null, 2)}\n`)
      writeFileSync(join(options.outDir, "report.html"), renderHtmlReport(report, options.outDir))
      return report
    }).pipe(Effect.provide(layer.right))
  })
