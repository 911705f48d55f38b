import { FlowProducer } from "bullmq"
import { randomUUID } from "node:crypto"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import { connectionOf, namesOf, type QueueConfig } from "../config/QueueConfig.js"
import { QueueError, QueueInputError } from "../domain/Errors.js"
import { JobData, SubmitData } from "../domain/JobData.js"
import { submitJobId } from "../worker/watchStep.js"

/** One request to run. With an id, enqueuing it again is a no-op, so a restarted producer can resend its file. */
export interface QueueItem {
  readonly id?: string | undefined
  readonly request: Record<string, unknown>
}

export interface EnqueueResult {
  readonly added: number
  readonly jobIds: ReadonlyArray<string>
}

export interface Producer {
  readonly enqueue: (items: ReadonlyArray<QueueItem>) => Effect.Effect<EnqueueResult, QueueError | QueueInputError>
}

/** BullMQ refuses ids with ':' and ids that are whole numbers. */
const checkId = (id: string): QueueInputError | undefined =>
  id === "" || id.includes(":") || /^\d+$/.test(id)
    ? new QueueInputError({ detail: `job id "${id}" is not usable: it must be non-empty, contain no ':' and not be a whole number` })
    : undefined

/** Attempts of a submit that provably did not leave (connection refused). */
export const SUBMIT_ATTEMPTS = 5

/** BullMQ's bulk add writes this many jobs per round trip. */
const CHUNK = 500

/** A producer on one queue; its connection closes with the scope. */
export const makeProducer = (config: QueueConfig): Effect.Effect<Producer, never, Scope.Scope> =>
  Effect.gen(function* () {
    const names = namesOf(config)
    const flows = yield* Effect.acquireRelease(
      Effect.sync(() => new FlowProducer({ connection: connectionOf(config), prefix: names.prefix })),
      (flows) => Effect.promise(() => flows.close()),
    )
    flows.on("error", () => undefined)
    const enqueue = (items: ReadonlyArray<QueueItem>) =>
      Effect.gen(function* () {
        for (const item of items) {
          const bad = item.id === undefined ? undefined : checkId(item.id)
          if (bad !== undefined) return yield* bad
        }
        const enqueuedAt = Date.now()
        const jobIds: Array<string> = []
        for (let start = 0; start < items.length; start += CHUNK) {
          const chunk = items.slice(start, start + CHUNK)
          const jobs = chunk.map((item) => {
            const jobId = item.id ?? randomUUID()
            return {
              name: "generate",
              queueName: names.jobs,
              data: Schema.encodeSync(JobData)({ request: item.request, enqueuedAt, round: 0 }),
              opts: {
                jobId,
                // Retries are for steps where nothing was paid (a Redis hiccup, a cut download).
                attempts: 8,
                backoff: { type: "exponential", delay: 1000 },
              },
              // The submit step starts in its own, rate-limited queue, and the job waits for it.
              // Submit jobs are kept once done: adding the same flow again then finds both and adds nothing.
              children: [
                {
                  name: "submit",
                  queueName: names.submit,
                  data: Schema.encodeSync(SubmitData)({ request: item.request, parentId: jobId, phase: "new" }),
                  opts: { jobId: submitJobId(jobId, 0), attempts: SUBMIT_ATTEMPTS, backoff: { type: "exponential", delay: 1000 } },
                },
              ],
            }
          })
          const added = yield* Effect.tryPromise({
            try: () => flows.addBulk(jobs),
            catch: (cause) => new QueueError({ operation: "addBulk", detail: cause instanceof Error ? cause.message : String(cause) }),
          })
          for (const flow of added) jobIds.push(flow.job.id ?? "")
        }
        return { added: jobIds.length, jobIds }
      })
    return { enqueue }
  })

/** Promise face: add requests to the queue and disconnect. */
export const enqueue = (config: QueueConfig, items: ReadonlyArray<QueueItem>): Promise<EnqueueResult> =>
  Effect.runPromise(Effect.scoped(Effect.flatMap(makeProducer(config), (producer) => producer.enqueue(items))))

/** The producer as a service, for Effect programs (a web app that enqueues for its users). */
export class QueueProducer extends Context.Tag("@happyhorse/queue/QueueProducer")<QueueProducer, Producer>() {}

/** A producer whose Redis connection lives as long as the layer. */
export const layerProducer = (config: QueueConfig): Layer.Layer<QueueProducer> => Layer.scoped(QueueProducer, makeProducer(config))
