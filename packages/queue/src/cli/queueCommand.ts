import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { basename, extname } from "node:path"
import type { QueueConfig } from "../config/QueueConfig.js"
import { limiterFor } from "../config/limiter.js"
import { QueueInputError } from "../domain/Errors.js"
import type { QueueItem } from "../producer/Producer.js"
import { readRequests as readJsonLines } from "../producer/readRequests.js"

export interface QueueCommandOptions {
  /** Reads a request file; ids are made unique per file by the command. Default: JSON Lines. */
  readonly readRequests?: (file: string) => Effect.Effect<ReadonlyArray<QueueItem>, { readonly message: string }>
}

const redisUrl = Options.text("redis-url").pipe(
  Options.withDescription("Redis holding the queue (default: HAPPYHORSE_REDIS_URL, else redis://127.0.0.1:6379)."),
  Options.withFallbackConfig(Config.string("HAPPYHORSE_REDIS_URL")),
  Options.withDefault("redis://127.0.0.1:6379"),
)
const queueName = Options.text("queue").pipe(Options.withDescription("Queue name."), Options.withDefault("happyhorse"))
const prefix = Options.text("prefix").pipe(Options.withDescription("Redis key prefix."), Options.withDefault("bull"))
const json = Options.boolean("json").pipe(Options.withDescription("Print JSON."))
const location = { redisUrl, queueName, prefix }

const configOf = (flags: { readonly redisUrl: string; readonly queueName: string; readonly prefix: string }): QueueConfig => ({
  redisUrl: flags.redisUrl,
  queueName: flags.queueName,
  prefix: flags.prefix,
})

/** BullMQ and ioredis load only when a queue command runs: a program mounting these commands starts without them. */
const runtime = Effect.promise(() => import("./queueRuntime.js"))

const fail = (error: { readonly message: string }) =>
  Effect.zipRight(Console.error(error.message), Effect.sync(() => void (process.exitCode = 1)))

const add = (options: QueueCommandOptions) =>
  Command.make("add", { ...location, file: Args.file({ name: "file", exists: "yes" }) }, (flags) =>
    Effect.gen(function* () {
      const read = options.readRequests ?? readJsonLines
      const items = yield* read(flags.file)
      // Job ids carry the file's name: the same file added twice (a restarted producer) adds nothing new.
      const base = basename(flags.file, extname(flags.file)).replace(/[^A-Za-z0-9_.-]/g, "_")
      const named = items.map((item, index) => ({ ...item, id: `${base}-${item.id ?? String(index + 1)}` }))
      const { makeProducer } = yield* runtime
      const producer = yield* makeProducer(configOf(flags))
      const result = yield* producer.enqueue(named)
      yield* Console.log(`queued ${result.added} job(s) from ${flags.file} on ${flags.queueName}`)
    }).pipe(Effect.scoped, Effect.catchAll(fail)),
  ).pipe(Command.withDescription("Add every request of a file (JSON Lines) to the queue; adding the same file again adds nothing twice."))

const positive = (name: string, value: number) =>
  Number.isFinite(value) && value > 0 ? Effect.succeed(value) : Effect.fail(new QueueInputError({ detail: `--${name} must be above 0` }))

const worker = Command.make(
  "worker",
  {
    ...location,
    provider: Options.text("provider").pipe(
      Options.withDescription("ttapi, tokenbay, evolink, acedata or dashscope (default: HAPPYHORSE_PROVIDER)."),
      Options.withFallbackConfig(Config.string("HAPPYHORSE_PROVIDER")),
    ),
    baseUrl: Options.text("base-url").pipe(Options.withFallbackConfig(Config.string("HAPPYHORSE_BASE_URL")), Options.optional),
    timeScale: Options.float("time-scale").pipe(
      Options.withDescription("Test setting for a time-compressed sandbox."),
      Options.withDefault(1),
    ),
    rate: Options.float("rate").pipe(Options.withDescription("The gateway's submit limit per second, for all workers together."), Options.withDefault(5)),
    jitterMs: Options.integer("jitter-ms").pipe(
      Options.withDescription("Real ms of spread between a job's start and its submit's arrival, kept as headroom under --rate."),
      Options.withDefault(20),
    ),
    globalConcurrency: Options.integer("global-concurrency").pipe(
      Options.withDescription("Submits in flight at once across all workers."),
      Options.withDefault(8),
    ),
    concurrency: Options.integer("concurrency").pipe(Options.withDescription("Polls this worker runs at once."), Options.withDefault(50)),
    out: Options.text("out").pipe(Options.withDescription("Folder for videos; without it the result URL is recorded."), Options.optional),
    lockMs: Options.integer("lock-ms").pipe(Options.withDescription("How long a silent worker keeps its jobs."), Options.withDefault(30_000)),
    quiet: Options.boolean("quiet").pipe(Options.withDescription("Print only start and stop.")),
  },
  (flags) =>
    Effect.gen(function* () {
      const apiKey = yield* Config.redacted("HAPPYHORSE_API_KEY").pipe(
        Effect.mapError(() => new QueueInputError({ detail: "Set HAPPYHORSE_API_KEY for the worker's gateway." })),
      )
      const rate = yield* positive("rate", flags.rate)
      const timeScale = yield* positive("time-scale", flags.timeScale)
      const { makeWorker } = yield* runtime
      yield* makeWorker({
        ...configOf(flags),
        gateway: {
          provider: flags.provider,
          apiKey,
          baseUrl: Option.getOrUndefined(flags.baseUrl),
          timeScale,
        },
        submitLimiter: limiterFor({ perSecond: rate, timeScale, jitterMs: flags.jitterMs }),
        sendWithinMs: flags.jitterMs / 2,
        globalSubmitConcurrency: flags.globalConcurrency,
        watchConcurrency: flags.concurrency,
        outDir: Option.getOrUndefined(flags.out),
        lockDurationMs: flags.lockMs,
        onEvent: flags.quiet ? undefined : (event) => process.stdout.write(`${JSON.stringify(event)}\n`),
      })
      yield* Console.log(`worker ${process.pid} running on ${flags.queueName}`)
      return yield* Effect.never
    }).pipe(Effect.scoped, Effect.catchAll(fail)),
).pipe(Command.withDescription("Run jobs until stopped (Ctrl-C finishes the running steps first)."))

const status = Command.make("status", { ...location, json }, (flags) =>
  Effect.gen(function* () {
    const { queueStatus } = yield* runtime
    const s = yield* queueStatus(configOf(flags))
    if (flags.json) return yield* Console.log(JSON.stringify(s))
    const j = s.jobs
    yield* Console.log(
      [
        `queue ${s.queue}`,
        `  waiting ${j.waiting}  submitting ${j.submitting}  polling ${j.delayed}  active ${j.active}  completed ${j.completed}  failed ${j.failed}  in doubt ${s.inDoubt}`,
        `  submit step: waiting ${s.submits.waiting}  active ${s.submits.active}  delayed ${s.submits.delayed}`,
        `  throughput ${s.throughputPerMinute.toFixed(1)}/min (last minute ${s.completedLastMinute})  spent $${s.spentUsd.toFixed(2)}`,
      ].join("\n"),
    )
  }).pipe(Effect.catchAll(fail)),
).pipe(Command.withDescription("Counts per state, throughput and spend."))

const inDoubt = Command.make("in-doubt", { ...location, json }, (flags) =>
  Effect.gen(function* () {
    const { listInDoubt } = yield* runtime
    const jobs = yield* listInDoubt(configOf(flags))
    if (flags.json) return yield* Console.log(JSON.stringify(jobs))
    if (jobs.length === 0) return yield* Console.log("no job is in doubt")
    for (const job of jobs) yield* Console.log(`${job.jobId}  ${new Date(job.at).toISOString()}  ${job.reason}`)
  }).pipe(Effect.catchAll(fail)),
).pipe(Command.withDescription("Jobs whose submit may have reached the gateway with no answer."))

const resolve = Command.make(
  "resolve",
  {
    ...location,
    jobId: Args.text({ name: "job-id" }),
    taskId: Options.text("task-id").pipe(Options.withDescription("Follow this task (found on the gateway); no new charge."), Options.optional),
    resubmit: Options.boolean("resubmit").pipe(Options.withDescription("Submit again; may pay twice.")),
  },
  (flags) =>
    Effect.gen(function* () {
      if (Option.isSome(flags.taskId) === flags.resubmit) {
        return yield* new QueueInputError({ detail: "Give exactly one of --task-id and --resubmit." })
      }
      const decision = Option.isSome(flags.taskId)
        ? ({ _tag: "UseTask", taskId: flags.taskId.value } as const)
        : ({ _tag: "Resubmit" } as const)
      const { resolveInDoubt } = yield* runtime
      yield* resolveInDoubt(configOf(flags), flags.jobId, decision)
      yield* Console.log(`job ${flags.jobId} runs again (${decision._tag === "UseTask" ? `following ${decision.taskId}` : "resubmitting"})`)
    }).pipe(Effect.catchAll(fail)),
).pipe(Command.withDescription("Decide about an in-doubt job."))

/** `queue add|worker|status|in-doubt|resolve`, with the request reader of your choice. */
export const makeQueueCommand = (options: QueueCommandOptions = {}) =>
  Command.make("queue").pipe(
    Command.withDescription("Run generations across many workers on BullMQ and Redis."),
    Command.withSubcommands([add(options), worker, status, inDoubt, resolve]),
  )

/** Mount as `happyhorse queue ...`. Reads JSON Lines request files. */
export const queueCommand = makeQueueCommand()
