import { DEFAULT_PRIOR, HappyHorse, nextPollDelay, type TaskSnapshot } from "@happyhorse/core"
import type { Job, Queue } from "bullmq"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { failureText } from "../domain/Errors.js"
import { JobData, type JobResult, SubmitData, SubmitOutcome, type TrackedTask } from "../domain/JobData.js"
import { type Directive, delayUntil, done, fail, retry } from "./Directive.js"
import { SUBMIT_ATTEMPTS } from "../producer/Producer.js"
import { decodeJobData, redisCall, saveJobData } from "./jobOps.js"
import type { WorkerEvent } from "./WorkerEvent.js"

export interface WatchStepContext {
  readonly submitQueue: Queue
  /** `<prefix>:<submit queue name>`, the start of a submit job's Redis key. */
  readonly submitQueueKey: string
  readonly token: string | undefined
  readonly timeScale: number
  /** Where videos go; without it the result URL is recorded. */
  readonly outDir: string | undefined
  readonly emit: (event: WorkerEvent) => void
  /** Marks a job in doubt, for status and for the person who decides. */
  readonly markInDoubt: (jobId: string) => Effect.Effect<void>
}

const FLOOR_MS = 5_000
const CEILING_MS = 60_000

/** Gateway time to real time: the plan reasons in gateway time, a test sandbox runs faster. */
const realDelay = (ctx: WatchStepContext, gatewayMs: number): number => Math.max(1, Math.round(gatewayMs / ctx.timeScale))

export const submitJobId = (jobId: string, round: number): string => `${jobId}-submit-${round}`

/** When to poll next, from the core's poll plan. */
const nextPollAt = (ctx: WatchStepContext, task: TrackedTask, progress: number | undefined, now: number) => {
  const elapsedMs = (now - task.submittedAt) * ctx.timeScale
  const planned = nextPollDelay(
    { last: task.lastProgress },
    { elapsedMs, progress },
    { floorMs: FLOOR_MS, ceilingMs: CEILING_MS, prior: DEFAULT_PRIOR },
  )
  const last = planned.state.last
  return {
    at: now + realDelay(ctx, planned.delayMs),
    lastProgress: last?.progress === undefined ? undefined : { elapsedMs: last.elapsedMs, progress: last.progress },
  }
}

/**
 * One run of a generation job. Without a task it starts (or waits for) its submit step; with one it
 * polls once and either finishes or asks to run again later, so waiting never holds a worker slot.
 */
export const watchStep = (job: Job, ctx: WatchStepContext): Effect.Effect<Directive<JobResult>, never, HappyHorse> =>
  Effect.gen(function* () {
    const jobId = job.id ?? ""
    const decoded = yield* Effect.either(decodeJobData(JobData, job))
    if (decoded._tag === "Left") return fail(failureText(decoded.left._tag, decoded.left.message))
    let data = decoded.right

    // A person's decision about an in-doubt job, applied once.
    if (data.decision !== undefined) {
      const now = Date.now()
      const { decision: _decision, inDoubt: _inDoubt, task: _task, ...rest } = data
      data =
        data.decision._tag === "UseTask"
          ? { ...rest, task: { taskId: data.decision.taskId, submittedAt: now, polls: 0, lastStatus: "resumed" } }
          : { ...rest, round: data.round + 1 }
      const saved = yield* Effect.either(saveJobData(JobData, job, data))
      if (saved._tag === "Left") return retry(saved.left.message)
    }

    if (data.task === undefined) return yield* startOrCollectSubmit(job, jobId, data, ctx)
    return yield* pollOnce(job, jobId, data, data.task, ctx)
  })

const startOrCollectSubmit = (
  job: Job,
  jobId: string,
  data: JobData,
  ctx: WatchStepContext,
): Effect.Effect<Directive<JobResult>> =>
  Effect.gen(function* () {
    const childId = submitJobId(jobId, data.round)
    const childKey = `${ctx.submitQueueKey}:${childId}`
    const outcomeOf = Effect.map(
      redisCall("getChildrenValues", () => job.getChildrenValues<unknown>()),
      (values) => values[childKey],
    )
    let outcome = yield* Effect.either(outcomeOf)
    if (outcome._tag === "Left") return retry(outcome.left.message)
    if (outcome.right === undefined) {
      const child = Schema.encodeSync(SubmitData)({ request: data.request, parentId: jobId, phase: "new" })
      // Idempotent by job id: a redelivered job finds its submit step already there.
      const started = yield* Effect.either(
        Effect.zipRight(
          redisCall("add submit", () =>
            ctx.submitQueue.add("submit", child, {
              jobId: childId,
              parent: { id: jobId, queue: job.queueQualifiedName },
              attempts: SUBMIT_ATTEMPTS,
              backoff: { type: "exponential", delay: 1000 },
            }),
          ),
          redisCall("moveToWaitingChildren", () => job.moveToWaitingChildren(ctx.token ?? "")),
        ),
      )
      if (started._tag === "Left") return retry(started.left.message)
      if (started.right) return { _tag: "WaitForChildren" }
      outcome = yield* Effect.either(outcomeOf)
      if (outcome._tag === "Left") return retry(outcome.left.message)
    }
    const read = Schema.decodeUnknownEither(SubmitOutcome)(outcome.right)
    if (read._tag === "Left") return retry(`the submit step has not reported yet`)
    const result = read.right
    switch (result._tag) {
      case "Rejected":
        ctx.emit({ _tag: "Failed", jobId, error: result.error, message: result.message })
        return fail(failureText(result.error, result.message))
      case "InDoubt": {
        const saved = yield* Effect.either(
          saveJobData(JobData, job, { ...data, inDoubt: { reason: result.reason, at: Date.now() } }),
        )
        if (saved._tag === "Left") return retry(saved.left.message)
        yield* ctx.markInDoubt(jobId)
        ctx.emit({ _tag: "InDoubt", jobId, reason: result.reason })
        return fail(failureText("SubmitInDoubt", `${result.reason}; decide with resolveInDoubt (use a task id, or resubmit)`))
      }
      case "Submitted": {
        const task: TrackedTask = { taskId: result.taskId, submittedAt: result.submittedAt, polls: 0, lastStatus: "submitted" }
        // The task id is on the job before its first poll.
        const saved = yield* Effect.either(saveJobData(JobData, job, { ...data, task }))
        if (saved._tag === "Left") return retry(saved.left.message)
        ctx.emit({ _tag: "Submitted", jobId, taskId: task.taskId })
        return delayUntil(nextPollAt(ctx, task, undefined, Date.now()).at)
      }
    }
  })

const pollOnce = (
  job: Job,
  jobId: string,
  data: JobData,
  task: TrackedTask,
  ctx: WatchStepContext,
): Effect.Effect<Directive<JobResult>, never, HappyHorse> =>
  Effect.gen(function* () {
    const client = yield* HappyHorse
    const polled = yield* Effect.either(client.get(task.taskId))
    const now = Date.now()
    if (polled._tag === "Left") {
      const error = polled.left
      if (error._tag === "ResultExpired" || error._tag === "AuthError") {
        ctx.emit({ _tag: "Failed", jobId, error: error._tag, message: error.message })
        return fail(failureText(error._tag, error.message))
      }
      // Status reads are idempotent: try again after the floor, on whichever worker is free.
      const saved = yield* Effect.either(saveJobData(JobData, job, { ...data, task: { ...task, polls: task.polls + 1 } }))
      return saved._tag === "Left" ? retry(saved.left.message) : delayUntil(now + realDelay(ctx, FLOOR_MS))
    }
    const snapshot: TaskSnapshot = polled.right
    const status = snapshot.status
    switch (status._tag) {
      case "Succeeded":
        return yield* finish(job, jobId, data, { ...task, polls: task.polls + 1 }, status.videoUrl, ctx)
      case "Failed": {
        const message = `task ${task.taskId} failed on the gateway${status.code ? ` [${status.code}]` : ""}: ${status.reason}`
        ctx.emit({ _tag: "Failed", jobId, error: "TaskFailed", message })
        return fail(failureText("TaskFailed", message))
      }
      case "Canceled":
        ctx.emit({ _tag: "Failed", jobId, error: "TaskCanceled", message: `task ${task.taskId} was canceled` })
        return fail(failureText("TaskCanceled", `task ${task.taskId} was canceled on the gateway`))
      case "Expired":
        ctx.emit({ _tag: "Failed", jobId, error: "ResultExpired", message: status.raw })
        return fail(failureText("ResultExpired", `the gateway no longer knows task ${task.taskId} (${status.raw})`))
      case "Queued":
      case "Running":
      case "Unknown": {
        const progress = status._tag === "Running" ? status.progress : undefined
        const next = nextPollAt(ctx, task, progress, now)
        const updated: TrackedTask = {
          ...task,
          polls: task.polls + 1,
          lastStatus: snapshot.rawStatus,
          ...(next.lastProgress === undefined ? {} : { lastProgress: next.lastProgress }),
        }
        const saved = yield* Effect.either(saveJobData(JobData, job, { ...data, task: updated }))
        if (saved._tag === "Left") return retry(saved.left.message)
        const state = status._tag === "Running" ? "running" : status._tag === "Unknown" ? "unknown" : "queued"
        ctx.emit({ _tag: "Progress", jobId, taskId: task.taskId, state, progress })
        yield* Effect.ignore(
          redisCall("updateProgress", () =>
            job.updateProgress({ state, taskId: task.taskId, ...(progress === undefined ? {} : { progress }) }),
          ),
        )
        return delayUntil(next.at)
      }
    }
  })

const finish = (
  job: Job,
  jobId: string,
  data: JobData,
  task: TrackedTask,
  videoUrl: string,
  ctx: WatchStepContext,
): Effect.Effect<Directive<JobResult>, never, HappyHorse> =>
  Effect.gen(function* () {
    const client = yield* HappyHorse
    let file: { readonly path: string; readonly bytes: number } | undefined
    if (ctx.outDir !== undefined) {
      yield* Effect.ignore(redisCall("updateProgress", () => job.updateProgress({ state: "downloading", taskId: task.taskId })))
      const got = yield* Effect.either(client.download(task.taskId, videoUrl, { outDir: ctx.outDir, fileName: `${jobId}.mp4` }))
      if (got._tag === "Left") {
        if (got.left._tag === "ResultExpired") return fail(failureText("ResultExpired", got.left.message))
        // Downloads resume: the next run polls once more and continues the .part file.
        return retry(got.left.message)
      }
      file = got.right
    }
    const costUsd = yield* client.estimate(data.request).pipe(
      Effect.map((estimate) => estimate.usd),
      Effect.orElseSucceed(() => 0),
    )
    const finishedAt = Date.now()
    const result: JobResult = {
      taskId: task.taskId,
      gateway: client.gateway,
      videoUrl,
      ...(file === undefined ? {} : { path: file.path, bytes: file.bytes }),
      costUsd,
      enqueuedAt: data.enqueuedAt,
      submittedAt: task.submittedAt,
      finishedAt,
      generationMs: finishedAt - task.submittedAt,
      polls: task.polls,
    }
    ctx.emit({ _tag: "Completed", jobId, result })
    return done(result)
  })
