import type { HappyHorse } from "@happyhorse/core"
import { DelayedError, type Job, Queue, UnrecoverableError, WaitingChildrenError, Worker } from "bullmq"
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Scope from "effect/Scope"
import { Redis } from "ioredis"
import { connectionOf, namesOf, type QueueConfig } from "../config/QueueConfig.js"
import type { Limiter } from "../config/limiter.js"
import { QueueError, QueueInputError } from "../domain/Errors.js"
import type { JobResult, SubmitOutcome } from "../domain/JobData.js"
import { clientLayer, type GatewayConnection } from "./clientLayer.js"
import type { Directive } from "./Directive.js"
import { submitStep } from "./submitStep.js"
import { watchStep } from "./watchStep.js"
import type { WorkerEvent } from "./WorkerEvent.js"

export interface WorkerOptions extends QueueConfig {
  readonly gateway: GatewayConnection
  /** The global submit rate, shared by every worker (see limiterFor). */
  readonly submitLimiter: Limiter
  /**
   * A submit that cannot leave within this many ms of its start goes back through the limiter, so
   * a stalled process does not send a burst. Half the jitter given to limiterFor. Default 10.
   */
  readonly sendWithinMs?: number | undefined
  /** Submits in flight at once across all workers (BullMQ global concurrency). Default 8. */
  readonly globalSubmitConcurrency?: number | undefined
  /** Submit calls this process runs at once. Default: the global limit (BullMQ caps the total). */
  readonly submitConcurrency?: number | undefined
  /** Polls and downloads this process runs at once; waiting tasks hold none. Default 50. */
  readonly watchConcurrency?: number | undefined
  /** Folder for videos; without it the result URL is recorded. */
  readonly outDir?: string | undefined
  /** How long a job stays locked to a worker that stopped answering. Default 30 000 ms. */
  readonly lockDurationMs?: number | undefined
  /** How often workers look for jobs of a worker that stopped answering. Default: the lock duration. */
  readonly stalledIntervalMs?: number | undefined
  readonly onEvent?: ((event: WorkerEvent) => void) | undefined
}

export interface RunningWorker {
  /** Stop taking jobs, finish the running ones, and disconnect. */
  readonly close: () => Promise<void>
}

/** BullMQ signals for a directive; a returned value completes the job. */
const enact = async <A>(directive: Directive<A>, job: Job, token: string | undefined, worker: () => Worker): Promise<A> => {
  switch (directive._tag) {
    case "Done":
      return directive.value
    case "DelayUntil":
      await job.moveToDelayed(directive.at, token)
      throw new DelayedError()
    case "WaitForChildren":
      throw new WaitingChildrenError()
    case "Fail":
      throw new UnrecoverableError(directive.message)
    case "Retry":
      throw new Error(directive.message)
    case "RateLimited":
      await worker().rateLimit(directive.ms)
      throw Worker.RateLimitError()
  }
}

/** Stalled jobs go back to the queue this many times before BullMQ gives up on them. */
const MAX_STALLED = 20

/**
 * A worker process's two BullMQ workers: one for the paid submit step (rate-limited and globally
 * bounded), one for generation jobs (each run polls once, then the job waits as a delayed job).
 */
export const makeWorker = (options: WorkerOptions): Effect.Effect<RunningWorker, QueueError | QueueInputError, Scope.Scope> =>
  Effect.gen(function* () {
    const layer = clientLayer(options.gateway)
    if (layer._tag === "Left") return yield* new QueueInputError({ detail: layer.left.message })
    const runtime = ManagedRuntime.make(layer.right)
    const names = namesOf(options)
    const connection = connectionOf(options)
    const timeScale = options.gateway.timeScale ?? 1
    const emit = options.onEvent ?? (() => undefined)
    const lockDuration = options.lockDurationMs ?? 30_000
    const stalledInterval = options.stalledIntervalMs ?? lockDuration
    const run = <A>(effect: Effect.Effect<Directive<A>, never, HappyHorse>) => runtime.runPromise(effect)

    const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true })
    const submitQueue = new Queue(names.submit, { connection, prefix: names.prefix })
    yield* Effect.tryPromise({
      try: async () => {
        await redis.connect()
        await submitQueue.setGlobalConcurrency(options.globalSubmitConcurrency ?? 8)
      },
      catch: (cause) => new QueueError({ operation: "connect", detail: cause instanceof Error ? cause.message : String(cause) }),
    })
    const markInDoubt = (jobId: string) => Effect.ignore(Effect.tryPromise(() => redis.sadd(names.inDoubtKey, jobId)))

    let submitWorker: Worker | undefined
    submitWorker = new Worker<unknown, SubmitOutcome>(
      names.submit,
      async (job, token) => {
        const directive = await run(submitStep(job, { timeScale, sendWithinMs: options.sendWithinMs ?? 10 }))
        if (directive._tag === "RateLimited") emit({ _tag: "RateLimited", ms: directive.ms })
        return enact(directive, job, token, () => submitWorker as Worker)
      },
      {
        connection,
        prefix: names.prefix,
        concurrency: options.submitConcurrency ?? options.globalSubmitConcurrency ?? 8,
        limiter: options.submitLimiter,
        lockDuration,
        stalledInterval,
        maxStalledCount: MAX_STALLED,
      },
    )
    let jobsWorker: Worker | undefined
    jobsWorker = new Worker<unknown, JobResult>(
      names.jobs,
      async (job, token) =>
        enact(
          await run(
            watchStep(job, {
              submitQueue,
              submitQueueKey: `${names.prefix}:${names.submit}`,
              token,
              timeScale,
              outDir: options.outDir,
              emit,
              markInDoubt,
            }),
          ),
          job,
          token,
          () => jobsWorker as Worker,
        ),
      {
        connection,
        prefix: names.prefix,
        concurrency: options.watchConcurrency ?? 50,
        lockDuration,
        stalledInterval,
        maxStalledCount: MAX_STALLED,
        metrics: { maxDataPoints: 60 * 24 },
      },
    )
    jobsWorker.on("completed", (_job, result: JobResult) => {
      // Counters for status; a crash between completion and this write loses one count, never money.
      void redis
        .multi()
        .hincrby(names.statsKey, "completed", 1)
        .hincrby(names.statsKey, "spentMicroUsd", Math.round(result.costUsd * 1_000_000))
        .hsetnx(names.statsKey, "firstFinishedAt", String(result.finishedAt))
        .hset(names.statsKey, "lastFinishedAt", String(result.finishedAt))
        .exec()
        .catch(() => undefined)
    })
    // Errors are reported per job; a listener keeps Node from treating them as unhandled.
    submitWorker.on("error", () => undefined)
    jobsWorker.on("error", () => undefined)

    let closed: Promise<void> | undefined
    const close = () => {
      closed ??= (async () => {
        await Promise.allSettled([submitWorker?.close(), jobsWorker?.close()])
        await Promise.allSettled([submitQueue.close(), redis.quit(), runtime.dispose()])
      })()
      return closed
    }
    yield* Effect.addFinalizer(() => Effect.promise(close))
    return { close }
  })

/** Promise face: start a worker; call `close()` to stop it. */
export const startWorker = (options: WorkerOptions): Promise<RunningWorker> =>
  // The worker's own close() releases everything; the scope only carries the finalizer.
  Effect.runPromise(Effect.flatMap(Scope.make(), (scope) => Scope.extend(makeWorker(options), scope)))
