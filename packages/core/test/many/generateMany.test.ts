import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"
import {
  generateMany,
  type JournalRecord,
  type ManyClient,
  type ManyEvent,
  makeMemoryJournal,
  RateLimited,
  SubmitInDoubt,
  type TaskJournal,
} from "../../src/index.js"
import { normalizeRequest } from "../../src/validation/index.js"
import { dialects } from "../../src/providers/registry.js"
import { validateRequest } from "../../src/validation/index.js"

const caps = dialects.evolink.capabilities
const TASK_MS = 60_000

interface FakeOptions {
  /** Submits the gateway takes per second (sliding window); more are answered 429. */
  readonly limitPerSecond?: number
  /** Prompts whose submit gets no answer. */
  readonly inDoubtPrompts?: ReadonlyArray<string>
  readonly failPrompts?: ReadonlyArray<string>
}

/** A gateway in memory, on the Test clock: each task takes TASK_MS from acceptance. */
const fakeGateway = (fake: FakeOptions = {}) => {
  const accepted: Array<number> = []
  const sends: Array<{ readonly prompt: string; readonly at: number; readonly status: number }> = []
  const tracking = { now: 0, peak: 0 }
  const prompts = new Map<string, string>()
  const client: ManyClient = {
    gateway: "evolink",
    timeScale: 1,
    validate: (input) => validateRequest(input, caps),
    submitOnce: (request) =>
      Effect.gen(function* () {
        const at = yield* Effect.clockWith((clock) => clock.currentTimeMillis)
        const prompt = request.prompt ?? ""
        if (fake.inDoubtPrompts?.includes(prompt) === true) {
          sends.push({ prompt, at, status: 0 })
          return yield* Effect.fail(new SubmitInDoubt({ gateway: "evolink", reason: "socket hang up", sentAt: at }))
        }
        const limit = fake.limitPerSecond
        if (limit !== undefined && accepted.filter((t) => t > at - 1000).length >= limit) {
          sends.push({ prompt, at, status: 429 })
          return yield* Effect.fail(new RateLimited({ gateway: "evolink", detail: "slow down", retryAfterMs: 1000 }))
        }
        sends.push({ prompt, at, status: 200 })
        accepted.push(at)
        const taskId = `task-${sends.length}`
        prompts.set(taskId, prompt)
        return { taskId, gateway: "evolink" as const }
      }),
    track: (taskId, options, onEvent) =>
      Effect.gen(function* () {
        tracking.now++
        tracking.peak = Math.max(tracking.peak, tracking.now)
        const deadline = options.deadline === undefined ? Infinity : Duration.toMillis(Duration.decode(options.deadline))
        if (deadline < TASK_MS) {
          yield* Effect.sleep(deadline)
          return yield* Effect.dieMessage("deadline is not modelled past here")
        }
        yield* Effect.sleep(TASK_MS)
        const failed = fake.failPrompts?.includes(prompts.get(taskId) ?? "") === true
        const event = failed
          ? ({ _tag: "Failed", taskId, reason: "model error", elapsedMs: TASK_MS } as const)
          : ({ _tag: "Succeeded", taskId, videoUrl: `https://cdn.test/${taskId}.mp4`, elapsedMs: TASK_MS } as const)
        yield* onEvent(event)
        return event
      }).pipe(Effect.ensuring(Effect.sync(() => tracking.now--))),
    download: () => Effect.dieMessage("no downloads in these tests"),
  }
  return { client, sends, tracking }
}

const requests = (n: number, prefix = "horse") =>
  Array.from({ length: n }, (_, i) => ({ request: { kind: "text-to-video", prompt: `${prefix} ${i}`, duration: 3 } }))

/** Runs an effect to its end on the Test clock, a gateway second at a time. */
const settle = <A>(effect: Effect.Effect<A>) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.fork(effect)
    while ((yield* Fiber.poll(fiber))._tag === "None") yield* TestClock.adjust(Duration.seconds(1))
    return yield* Fiber.join(fiber)
  })

/** A journal that logs each call, to check the order of the writes. */
const loggingJournal = (inner: TaskJournal, log: Array<string>): TaskJournal => ({
  intend: (key, request) => Effect.tap(inner.intend(key, request), () => Effect.sync(() => log.push(`${key}:intent`))),
  submitting: (key) => Effect.tap(inner.submitting(key), () => Effect.sync(() => log.push(`${key}:submitting`))),
  unsent: (key) => Effect.tap(inner.unsent(key), () => Effect.sync(() => log.push(`${key}:unsent`))),
  submitted: (key, taskId, at, cost) => Effect.tap(inner.submitted(key, taskId, at, cost), () => Effect.sync(() => log.push(`${key}:submitted`))),
  inDoubt: (key, error) => Effect.tap(inner.inDoubt(key, error), () => Effect.sync(() => log.push(`${key}:in-doubt`))),
  progress: inner.progress,
  succeeded: (key, url) => Effect.tap(inner.succeeded(key, url), () => Effect.sync(() => log.push(`${key}:succeeded`))),
  done: (key, file, cost) => Effect.tap(inner.done(key, file, cost), () => Effect.sync(() => log.push(`${key}:done`))),
  failed: (key, error) => Effect.tap(inner.failed(key, error), () => Effect.sync(() => log.push(`${key}:failed`))),
  noted: inner.noted,
})

describe("generateMany", () => {
  it.effect("returns results in input order, each a success or a typed failure, under the concurrency cap", () =>
    Effect.gen(function* () {
      const { client, tracking } = fakeGateway({ failPrompts: ["horse 3"] })
      const items = [...requests(6), { request: { kind: "text-to-video", prompt: "" } }]
      const events: Array<ManyEvent["_tag"]> = []
      const results = yield* settle(
        generateMany(client, items, { concurrency: 3, rate: 10, onEvent: (e) => Effect.sync(() => void events.push(e._tag)) }),
      )
      expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6])
      expect(results.map((r) => (r._tag === "Success" ? "ok" : r.error._tag))).toEqual([
        "ok",
        "ok",
        "ok",
        "TaskFailed",
        "ok",
        "ok",
        "ValidationErrors",
      ])
      expect(tracking.peak).toBeLessThanOrEqual(3)
      expect(events.filter((e) => e === "Finished")).toHaveLength(7)
    }),
  )

  it.effect("writes intent, then submitting, then the task id, before the watch", () =>
    Effect.gen(function* () {
      const { client } = fakeGateway()
      const log: Array<string> = []
      yield* settle(generateMany(client, requests(1), { journal: loggingJournal(makeMemoryJournal(), log) }))
      expect(log).toEqual(["0:intent", "0:submitting", "0:submitted", "0:succeeded", "0:done"])
    }),
  )

  it.effect("cuts the rate once per overshoot and keeps 429s rare, with every task sent once", () =>
    Effect.gen(function* () {
      const { client, sends } = fakeGateway({ limitPerSecond: 1 })
      const n = 60
      const results = yield* settle(generateMany(client, requests(n), { concurrency: n, rate: 2 }))
      expect(results.every((r) => r._tag === "Success")).toBe(true)
      const ok = sends.filter((s) => s.status === 200)
      expect(new Set(ok.map((s) => s.prompt)).size).toBe(n)
      expect(ok).toHaveLength(n)
      // The same figure as the CLI's governor: a few 429s while it finds the limit, far under 5 %
      // of all requests once each task's status reads are counted.
      const refused = sends.filter((s) => s.status === 429).length
      expect(refused / sends.length).toBeLessThanOrEqual(0.12)
      // The makespan (submit span plus one task) is within 90 % of the optimum at one a second.
      const span = (Math.max(...ok.map((s) => s.at)) - Math.min(...ok.map((s) => s.at))) / 1000
      const taskS = TASK_MS / 1000
      expect((n - 1 + taskS) / (span + taskS)).toBeGreaterThanOrEqual(0.9)
    }),
  )

  it.effect("never resends an in-doubt submit", () =>
    Effect.gen(function* () {
      const { client, sends } = fakeGateway({ inDoubtPrompts: ["horse 1"] })
      const journal = makeMemoryJournal()
      const results = yield* settle(generateMany(client, requests(3), { journal }))
      expect(results.map((r) => (r._tag === "Success" ? "ok" : r.error._tag))).toEqual(["ok", "SubmitInDoubt", "ok"])
      expect(sends.filter((s) => s.prompt === "horse 1")).toHaveLength(1)
      expect(journal.records().find((r) => r.key === "1")?.phase).toBe("in-doubt")
      // A rerun over the same journal reports it in doubt again and sends nothing.
      const again = yield* settle(generateMany(client, requests(3), { journal }))
      expect(again.map((r) => (r._tag === "Success" ? "ok" : r.error._tag))).toEqual(["ok", "SubmitInDoubt", "ok"])
      expect(sends).toHaveLength(3)
    }),
  )

  it.effect("resumes from the journal: a crash mid-send is in doubt, a known task is watched, a done one is kept", () =>
    Effect.gen(function* () {
      const { client, sends } = fakeGateway()
      const stored: ReadonlyArray<JournalRecord> = [
        { key: "a", phase: "submitting" },
        { key: "b", phase: "submitted", taskId: "task-known", submittedAt: 0 },
        { key: "c", phase: "done", taskId: "task-old", videoUrl: "https://cdn.test/old.mp4" },
      ]
      const memory = makeMemoryJournal()
      const journal: TaskJournal = {
        ...memory,
        intend: (key, request) =>
          Effect.flatMap(memory.intend(key, request), (fresh) => {
            const found = stored.find((r) => r.key === key)
            return found === undefined ? Effect.succeed(fresh) : Effect.as(memory.submitted(key, "x", 0, 0), found)
          }),
      }
      const items = ["a", "b", "c", "d"].map((key, i) => ({ key, request: { kind: "text-to-video", prompt: `p${i}` } }))
      const results = yield* settle(generateMany(client, items, { journal }))
      expect(results.map((r) => (r._tag === "Success" ? r.taskId : r.error._tag))).toEqual([
        "SubmitInDoubt",
        "task-known",
        "task-old",
        "task-1",
      ])
      expect(sends.map((s) => s.prompt)).toEqual(["p3"])
    }),
  )

  it.effect("refuses what would pass the budget, before sending it", () =>
    Effect.gen(function* () {
      const { client, sends } = fakeGateway()
      const one = normalizeRequest({ kind: "text-to-video", prompt: "x", duration: 3 }, caps)
      const { estimateCost } = yield* Effect.promise(() => import("../../src/cost/estimate.js"))
      const usd = estimateCost("evolink", one).usd
      const results = yield* settle(generateMany(client, requests(5), { budgetUsd: usd * 2.5, concurrency: 1 }))
      expect(results.map((r) => (r._tag === "Success" ? "ok" : r.error._tag))).toEqual([
        "ok",
        "ok",
        "BudgetExceeded",
        "BudgetExceeded",
        "BudgetExceeded",
      ])
      expect(sends).toHaveLength(2)
    }),
  )

  it.effect("gives each watch the per-task deadline", () =>
    Effect.gen(function* () {
      const seen: Array<unknown> = []
      const { client } = fakeGateway()
      const spy: ManyClient = {
        ...client,
        track: (taskId, options, onEvent) => Effect.zipRight(Effect.sync(() => void seen.push(options.deadline)), client.track(taskId, options, onEvent)),
      }
      yield* settle(generateMany(spy, requests(2), { deadline: Duration.minutes(3) }))
      expect(seen).toEqual([180_000, 180_000])
    }),
  )

  it.effect("interruption stops new submits and ends the watches", () =>
    Effect.gen(function* () {
      const { client, sends, tracking } = fakeGateway()
      const fiber = yield* Effect.fork(generateMany(client, requests(20), { concurrency: 20, rate: 1 }))
      yield* TestClock.adjust(Duration.millis(4500))
      const before = sends.length
      expect(before).toBeGreaterThan(0)
      expect(before).toBeLessThan(20)
      yield* Fiber.interrupt(fiber)
      yield* TestClock.adjust(Duration.minutes(5))
      expect(sends.length).toBe(before)
      expect(tracking.now).toBe(0)
    }),
  )
})
