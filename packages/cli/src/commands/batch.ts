import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { CallbackInbox, makeCallbackInbox } from "@happyhorse/core"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { batchName } from "../batch/BatchFile.js"
import { type BatchOptions, runBatch } from "../batch/runBatch.js"
import { resolveConnection } from "../config/Connection.js"
import { UsageError } from "../config/UsageError.js"
import { serveWebhooks } from "../webhook/Receiver.js"
import { verifyWith } from "../webhook/verifyRow.js"
import { Journal } from "../journal/Journal.js"
import { finalStates, isSandboxRow, type TaskState } from "../journal/TaskRow.js"
import type { BatchReport } from "../report/BatchReport.js"
import { batchExit, ExitCode } from "../output/exitCode.js"
import { Output } from "../output/Output.js"
import { connection, connectionFlags, journalLayer, json, out, runCommand, state } from "./shared.js"

const governorOptions = {
  concurrency: Options.integer("concurrency").pipe(Options.withDescription("Tasks in flight at once."), Options.withDefault(4)),
  rate: Options.float("rate").pipe(Options.withDescription("Starting submits per second; halves on each 429."), Options.withDefault(1)),
  budget: Options.float("budget").pipe(Options.withDescription("Stop submitting before estimated spend passes this many USD."), Options.optional),
  taskTimeout: Options.integer("task-timeout").pipe(Options.withDescription("Seconds each task may take (default 600)."), Options.optional),
  resubmitInDoubt: Options.boolean("resubmit-in-doubt").pipe(
    Options.withDescription("Send in-doubt submits again (each may then be billed twice)."),
  ),
}

/** The exit code a batch ends with: its worst task's. */
export const batchExitCode = (report: BatchReport): number => batchExit(report.tasks).code

const summary = (report: BatchReport, outDir: string) => {
  const { reason } = batchExit(report.tasks)
  const unfinished = report.totals.unfinished > 0 ? `, ${report.totals.unfinished} unfinished` : ""
  return `${report.totals.done}/${report.totals.tasks} done, ${report.totals.failed} failed, ${report.totals.inDoubt} in doubt, ${report.totals.skipped} skipped for budget${unfinished}; cost $${report.totals.costUsd.toFixed(3)}.${reason === undefined ? "" : ` ${reason}.`} Report: ${outDir}/report.html`
}

type GovernorFlags = {
  readonly concurrency: number
  readonly rate: number
  readonly budget: Option.Option<number>
  readonly taskTimeout: Option.Option<number>
  readonly resubmitInDoubt: boolean
  readonly json: boolean
}

const batchOptions = (flags: GovernorFlags, file: string | undefined, name: string | undefined, outDir: string): BatchOptions => ({
  file,
  name,
  outDir,
  concurrency: Math.max(1, flags.concurrency),
  rate: flags.rate,
  budgetUsd: Option.getOrUndefined(flags.budget),
  taskTimeoutMs: Option.getOrUndefined(Option.map(flags.taskTimeout, (s) => s * 1000)),
  resubmitInDoubt: flags.resubmitInDoubt,
  live: !flags.json && process.stderr.isTTY === true,
})

export const batch = Command.make(
  "batch",
  {
    file: Args.text({ name: "file" }).pipe(Args.withDescription("Requests as .jsonl (one JSON object a line) or .csv.")),
    ...governorOptions,
    webhookPort: Options.integer("webhook-port").pipe(
      Options.withDescription("Receive EvoLink and AceData callbacks in this process on this port; waiting tasks wake at once."),
      Options.optional,
    ),
    callbackBase: Options.text("callback-base").pipe(
      Options.withDescription("Public https URL that reaches the webhook receiver's /hooks path."),
      Options.optional,
    ),
    allowPrivateCallbacks: Options.boolean("allow-private-callbacks").pipe(
      Options.withDescription("Test setting: accept an http or private --callback-base, for a local receiver and a local sandbox."),
    ),
    ...connection,
    out,
    state,
    json,
  },
  (flags) =>
    runCommand(
      flags.json,
      Effect.gen(function* () {
        const output = yield* Output
        const conn = yield* resolveConnection(connectionFlags(flags), { allowSandbox: true })
        const name = conn.sandbox ? `sandbox-${batchName(flags.file)}-${Date.now()}` : batchName(flags.file)
        if (conn.sandbox) yield* output.note("No HAPPYHORSE_API_KEY is set: this batch runs on the built-in sandbox and makes placeholder clips.")
        const outDir = Option.getOrElse(flags.out, () => `happyhorse-${batchName(flags.file)}`)
        const report = yield* Effect.gen(function* () {
          const base = { ...batchOptions(flags, flags.file, name, outDir), allowPrivateCallbacks: flags.allowPrivateCallbacks }
          if (Option.isNone(flags.webhookPort)) {
            return yield* runBatch(conn, { ...base, callbackBase: Option.getOrUndefined(flags.callbackBase) })
          }
          const inbox = yield* makeCallbackInbox
          const receiver = yield* serveWebhooks({
            port: flags.webhookPort.value,
            journal: yield* Journal,
            inbox,
            verify: verifyWith(conn),
          }).pipe(Effect.mapError((e) => new UsageError({ detail: `The webhook receiver could not listen: ${e.message}.` })))
          return yield* runBatch(conn, {
            ...base,
            callbackBase: Option.getOrElse(flags.callbackBase, () => receiver.base),
            inbox: Layer.succeed(CallbackInbox, inbox),
          })
        }).pipe(Effect.provide(journalLayer(flags.state)))
        yield* output.record({ event: "report", ...report.totals, report: `${outDir}/report.json`, html: `${outDir}/report.html` })
        yield* output.say(summary(report, outDir))
        process.exitCode = batchExitCode(report)
      }),
    ),
).pipe(Command.withDescription("Run many requests with a concurrency limit, an adaptive rate, a budget cap and a journal."))

/** States a sandbox task can be left in when its process died. */
const SANDBOX_UNFINISHED: ReadonlyArray<TaskState> = ["pending", "submitting", "in-doubt", "submitted", "running", "succeeded"]

export const resume = Command.make(
  "resume",
  {
    batch: Options.text("batch").pipe(Options.withDescription("Only this batch."), Options.optional),
    rerunSandbox: Options.boolean("rerun-sandbox").pipe(
      Options.withDescription("Run the unfinished tasks of built-in sandbox batches again, on a fresh sandbox (nothing is charged there)."),
    ),
    ...governorOptions,
    ...connection,
    out,
    state,
    json,
  },
  (flags) =>
    runCommand(
      flags.json,
      Effect.gen(function* () {
        const output = yield* Output
        const journal = yield* Journal
        const states: ReadonlyArray<TaskState> = flags.resubmitInDoubt
          ? ["pending", "submitting", "submitted", "running", "succeeded", "in-doubt"]
          : ["pending", "submitting", "submitted", "running", "succeeded"]
        const only = Option.isSome(flags.batch) ? { batch: flags.batch.value } : {}
        const open = (yield* journal.list({ states, ...only })).filter((row) => !isSandboxRow(row))
        // The built-in sandbox died with its process: its tasks cannot be continued, only run again.
        const sandboxRows = (yield* journal.list({ states: SANDBOX_UNFINISHED, ...only })).filter(isSandboxRow)
        const sandboxBatches = new Map<string, string>()
        for (const row of sandboxRows) sandboxBatches.set(row.batch ?? "generate", row.gateway)
        let worst: number = ExitCode.ok
        if (sandboxRows.length > 0 && !flags.rerunSandbox) {
          yield* output.note(
            `${sandboxRows.length} unfinished task(s) in ${[...sandboxBatches.keys()].join(", ")} ran on the built-in sandbox, which stopped with its process: they cannot be continued. Run them again on a fresh sandbox with \`happyhorse resume --rerun-sandbox\` (nothing is charged there).`,
          )
          yield* output.record({ event: "sandbox-tasks", unfinished: sandboxRows.length, batches: [...sandboxBatches.keys()] })
        }
        if (flags.rerunSandbox) {
          for (const [batch, gateway] of sandboxBatches) {
            const count = yield* journal.rerunSandbox(batch)
            yield* output.note(`${batch}: running ${count} sandbox task(s) again on a fresh built-in sandbox.`)
            const conn = yield* resolveConnection({ provider: Option.some(gateway), baseUrl: Option.none(), timeScale: flags.timeScale }, { allowSandbox: true, sandboxOnly: true })
            const outDir = Option.getOrElse(flags.out, () => `happyhorse-${batch}`)
            const report = yield* runBatch(conn, batchOptions(flags, undefined, batch, outDir))
            yield* output.record({ event: "report", batch, ...report.totals })
            yield* output.say(`${batch}: ${summary(report, outDir)}`)
            worst = Math.max(worst, batchExitCode(report))
          }
        }
        const groups = new Map<string, { batch: string; gateway: string; baseUrl: string }>()
        for (const row of open) {
          const batch = row.batch ?? "generate"
          groups.set(`${batch}\u0000${row.gateway}\u0000${row.base_url}`, { batch, gateway: row.gateway, baseUrl: row.base_url })
        }
        if (groups.size === 0) {
          process.exitCode = worst
          if (sandboxRows.length === 0) yield* output.say("Nothing to resume: every task in the journal is settled.")
          return
        }
        for (const group of groups.values()) {
          const conn = yield* resolveConnection(
            {
              provider: Option.some(group.gateway),
              baseUrl: group.baseUrl === "" ? flags.baseUrl : Option.some(group.baseUrl),
              timeScale: flags.timeScale,
            },
            { allowSandbox: false },
          )
          const outDir = Option.getOrElse(flags.out, () => (group.batch === "generate" ? "." : `happyhorse-${group.batch}`))
          const report = yield* runBatch(conn, batchOptions(flags, undefined, group.batch, outDir))
          yield* output.record({ event: "report", batch: group.batch, ...report.totals })
          yield* output.say(`${group.batch}: ${summary(report, outDir)}`)
          worst = Math.max(worst, batchExitCode(report))
        }
        process.exitCode = worst
      }).pipe(Effect.provide(journalLayer(flags.state))),
    ),
).pipe(Command.withDescription("Continue every unfinished task in the journal without submitting it again."))

export const tasks = Command.make(
  "tasks",
  {
    batch: Options.text("batch").pipe(Options.optional),
    stateFilter: Options.choice("only", ["pending", "submitting", "in-doubt", "submitted", "running", "succeeded", "done", "failed", "skipped"]).pipe(
      Options.withDescription("Only tasks in this state."),
      Options.optional,
    ),
    state,
    json,
  },
  (flags) =>
    runCommand(
      flags.json,
      Effect.gen(function* () {
        const output = yield* Output
        const journal = yield* Journal
        const rows = yield* journal.list({
          ...(Option.isSome(flags.batch) ? { batch: flags.batch.value } : {}),
          ...(Option.isSome(flags.stateFilter) ? { states: [flags.stateFilter.value] } : {}),
        })
        for (const row of rows) {
          yield* output.record({
            key: row.key,
            batch: row.batch,
            gateway: row.gateway,
            state: row.state,
            taskId: row.task_id,
            file: row.file,
            costUsd: row.cost_usd,
            error: row.error,
            errorTag: row.error_tag,
          })
        }
        if (rows.length === 0) return yield* output.say("The journal holds no tasks.")
        const settled = rows.filter((r) => finalStates.includes(r.state)).length
        yield* output.say(
          [
            ...rows.map((r) => `${r.state.padEnd(10)} ${r.key.padEnd(36).slice(0, 36)} ${(r.task_id ?? "-").padEnd(28)} ${r.file ?? r.error ?? ""}`),
            `${rows.length} tasks, ${settled} settled, ${rows.filter((r) => r.state === "in-doubt").length} in doubt.`,
          ].join("\n"),
        )
      }).pipe(Effect.provide(journalLayer(flags.state))),
    ),
).pipe(Command.withDescription("List what the journal holds."))
