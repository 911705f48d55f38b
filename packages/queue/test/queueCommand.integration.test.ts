import * as Command from "@effect/cli/Command"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it, vi } from "vitest"
import { queueCommand, QueueProducer, layerProducer, queueStatus } from "../src/index.js"
import { cleanup, freshQueue } from "./support/redis.js"

// Mounted the way the CLI mounts it: `happyhorse queue ...`.
const root = Command.make("happyhorse").pipe(Command.withSubcommands([queueCommand]))
const run = (args: ReadonlyArray<string>) =>
  Effect.runPromise(Command.run(root, { name: "happyhorse", version: "0.0.0" })(["node", "happyhorse", ...args]).pipe(Effect.provide(NodeContext.layer)))

afterEach(() => {
  vi.restoreAllMocks()
  process.exitCode = undefined
})

describe("queueCommand mounted under another command", () => {
  it("adds a request file and reports the counts", async () => {
    const config = freshQueue("mounted")
    const where = ["--redis-url", config.redisUrl, "--queue", config.queueName ?? "", "--prefix", config.prefix ?? ""]
    const file = join(mkdtempSync(join(tmpdir(), "hh-queue-cmd-")), "two.jsonl")
    writeFileSync(file, '{"prompt":"a horse"}\n{"id":"b","prompt":"another horse"}\n')
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined)
    try {
      await run(["queue", "add", ...where, file])
      await run(["queue", "status", "--json", ...where])
      const printed = log.mock.calls.map((call) => String(call[0]))
      expect(printed[0]).toContain("queued 2 job(s)")
      const status = JSON.parse(printed[1] ?? "{}") as { jobs: { submitting: number } }
      // Each job waits for its submit step, which no worker has taken yet.
      expect(status.jobs.submitting).toBe(2)
      expect(process.exitCode ?? 0).toBe(0)
    } finally {
      await cleanup(config)
    }
  })

  it("refuses a resolve with neither a task id nor --resubmit", async () => {
    const config = freshQueue("mounted-resolve")
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined)
    await run(["queue", "resolve", "--prefix", config.prefix ?? "", "job-1"])
    expect(String(error.mock.calls[0]?.[0])).toContain("exactly one of --task-id and --resubmit")
    expect(process.exitCode).toBe(1)
  })
})

describe("QueueProducer", () => {
  it("enqueues through the layer; the same ids again add nothing", async () => {
    const config = freshQueue("layer")
    const items = [{ id: "x", request: { kind: "text-to-video", prompt: "a horse" } }]
    try {
      const program = Effect.gen(function* () {
        const producer = yield* QueueProducer
        yield* producer.enqueue(items)
        yield* producer.enqueue(items)
        return yield* queueStatus(config)
      })
      const status = await Effect.runPromise(program.pipe(Effect.provide(Layer.fresh(layerProducer(config)))))
      expect(status.jobs.submitting).toBe(1)
      expect(status.submits.waiting).toBe(1)
    } finally {
      await cleanup(config)
    }
  })
})
