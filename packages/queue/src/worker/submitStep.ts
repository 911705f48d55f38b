import { HappyHorse, type SubmitError, type ValidationErrors } from "@happyhorse/core"
import type { Job } from "bullmq"
import * as Effect from "effect/Effect"
import { SubmitData, type SubmitOutcome } from "../domain/JobData.js"
import { type Directive, delayUntil, done, retry } from "./Directive.js"
import { decodeJobData, saveJobData } from "./jobOps.js"

export interface SubmitStepOptions {
  /** Test time scale: a Retry-After in gateway seconds is this many times shorter in real time. */
  readonly timeScale: number
  /**
   * The rate limiter paces job starts, not arrivals. A submit that could not leave within this many
   * ms of its start (a stalled event loop, a slow Redis write) goes back through the limiter
   * instead of arriving in a burst.
   */
  readonly sendWithinMs: number
}

const STOPPED_MID_SUBMIT =
  "a worker stopped between recording its intent and recording the task id: the submit may have reached the gateway"

/**
 * The paid step, at most once per job. `submitting` is stored before the call and the task id the
 * moment it is known, so a redelivered job either returns the stored id or is reported in doubt.
 */
export const submitStep = (
  job: Job,
  options: SubmitStepOptions,
): Effect.Effect<Directive<SubmitOutcome>, never, HappyHorse> =>
  Effect.gen(function* () {
    const decoded = yield* Effect.either(decodeJobData(SubmitData, job))
    if (decoded._tag === "Left") {
      return done<SubmitOutcome>({ _tag: "Rejected", error: decoded.left._tag, message: decoded.left.message })
    }
    const data = decoded.right
    const save = (patch: Partial<SubmitData>) => saveJobData(SubmitData, job, { ...data, ...patch })

    switch (data.phase) {
      case "submitted":
        if (data.taskId !== undefined && data.submittedAt !== undefined) {
          return done<SubmitOutcome>({ _tag: "Submitted", taskId: data.taskId, submittedAt: data.submittedAt })
        }
        return done<SubmitOutcome>({ _tag: "InDoubt", reason: "the submit was recorded without a task id" })
      case "submitting":
        yield* Effect.ignore(save({ phase: "in-doubt", reason: STOPPED_MID_SUBMIT }))
        return done<SubmitOutcome>({ _tag: "InDoubt", reason: STOPPED_MID_SUBMIT })
      case "in-doubt":
        return done<SubmitOutcome>({ _tag: "InDoubt", reason: data.reason ?? STOPPED_MID_SUBMIT })
      case "rejected":
        return done<SubmitOutcome>({ _tag: "Rejected", error: "Rejected", message: data.reason ?? "rejected" })
      case "new":
        break
    }

    const client = yield* HappyHorse
    const reject = (error: { readonly _tag: string; readonly message: string }) =>
      Effect.as(Effect.ignore(save({ phase: "rejected", reason: `${error._tag}: ${error.message}` })), done<SubmitOutcome>({
        _tag: "Rejected",
        error: error._tag,
        message: error.message,
      }))

    // Bad input fails here, before the intent is written and before any money is at stake.
    const valid = yield* Effect.either(client.validate(data.request))
    if (valid._tag === "Left") return yield* reject(valid.left)

    const intent = yield* Effect.either(save({ phase: "submitting" }))
    if (intent._tag === "Left") return retry(`could not record the submit intent: ${intent.left.message}`)
    const startedAt = job.processedOn ?? Date.now()
    if (Date.now() - startedAt > options.sendWithinMs) {
      const cleared = yield* Effect.either(save({ phase: "new" }))
      return cleared._tag === "Left" ? retry("could not clear the submit intent") : delayUntil(Date.now())
    }

    const sent = yield* Effect.either(client.submit(data.request))
    if (sent._tag === "Right") {
      const submittedAt = Date.now()
      const taskId = sent.right.taskId
      // If this write fails the job still holds `submitting`, so a redelivery reports it in doubt.
      yield* Effect.ignore(save({ phase: "submitted", taskId, submittedAt }))
      return done<SubmitOutcome>({ _tag: "Submitted", taskId, submittedAt })
    }
    return yield* onSubmitError(sent.left, job, options, save, reject)
  })

const onSubmitError = (
  error: SubmitError | ValidationErrors,
  job: Job,
  options: SubmitStepOptions,
  save: (patch: Partial<SubmitData>) => Effect.Effect<void, unknown>,
  reject: (error: { readonly _tag: string; readonly message: string }) => Effect.Effect<Directive<SubmitOutcome>>,
): Effect.Effect<Directive<SubmitOutcome>> => {
  switch (error._tag) {
    case "SubmitInDoubt":
      return Effect.as(Effect.ignore(save({ phase: "in-doubt", reason: error.message })), done<SubmitOutcome>({
        _tag: "InDoubt",
        reason: error.message,
      }))
    case "RateLimited": {
      // Refused with 429: no task was made, so the job may run again once the gateway allows.
      const ms = Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / options.timeScale))
      return Effect.map(Effect.either(save({ phase: "new" })), (saved): Directive<SubmitOutcome> =>
        saved._tag === "Left" ? retry("could not clear the submit intent") : { _tag: "RateLimited", ms },
      )
    }
    case "TransportError": {
      // The core reports a submit TransportError only when the request never left (connection refused).
      const attempts = job.opts.attempts ?? 1
      if (job.attemptsMade + 1 >= attempts) return reject(error)
      return Effect.as(Effect.either(save({ phase: "new" })), retry(error.message))
    }
    default:
      return reject(error)
  }
}
