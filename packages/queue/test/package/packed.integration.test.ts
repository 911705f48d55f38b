import { describe, expect, it } from "@effect/vitest"
import { execFile } from "node:child_process"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { installPacked } from "../../../../tooling/testing/packed.mjs"

const packages = resolve(dirname(fileURLToPath(import.meta.url)), "../../..")

describe("the packed @happyhorse/queue, installed in an empty folder", () => {
  it("enqueues from code and reports the queue with its own bin, against the local Redis", async () => {
    const user = await installPacked(["queue", "core"].map((name) => join(packages, name)))
    const prefix = `hh-packed-${process.pid}-${Date.now()}`
    const out = await user.script(
      "producer.mjs",
      `import { enqueue, limiterFor } from "@happyhorse/queue"
const config = { redisUrl: "redis://127.0.0.1:6379", prefix: ${JSON.stringify(prefix)} }
const result = await enqueue(config, [{ id: "a", request: { kind: "text-to-video", prompt: "a horse" } }])
console.log(JSON.stringify({ result, limiter: limiterFor({ perSecond: 2 }) }))
process.exit(0)`,
    )
    expect(out).toContain('"result"')
    const bin = join(user.app, "node_modules", ".bin", "happyhorse-queue")
    const { stdout } = await promisify(execFile)(bin, ["status", "--prefix", prefix, "--json"], { cwd: user.app, encoding: "utf8" })
    const status = JSON.parse(stdout.trim().split("\n").at(-1)!) as Record<string, unknown>
    expect(JSON.stringify(status)).toMatch(/waiting|counts/)
    await promisify(execFile)(process.execPath, [
      "-e",
      `import("@happyhorse/queue").then(async (q) => { const E = await import("effect/Effect"); await E.runPromise(q.obliterate({ redisUrl: "redis://127.0.0.1:6379", prefix: ${JSON.stringify(prefix)} })); process.exit(0) })`,
    ], { cwd: user.app })
  }, 600_000)
})
