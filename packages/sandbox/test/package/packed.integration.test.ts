import { describe, expect, it } from "@effect/vitest"
import { dirname, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { installPacked } from "../../../../tooling/testing/packed.mjs"

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..")

describe("the packed @happyhorse/sandbox, installed in an empty folder", () => {
  it("serves a gateway that a user's pipeline can call, and records it in the ledger", async () => {
    const user = await installPacked([packageDir])
    const out = await user.script(
      "pipeline.mjs",
      `import { startSandbox } from "@happyhorse/sandbox"
const sandbox = await startSandbox({ timeScale: 1000, durations: { fixedMs: 10000 } })
const reply = await fetch(sandbox.urls.evolink + "/v1/videos/generations", {
  method: "POST",
  headers: { authorization: "Bearer my-test-key", "content-type": "application/json" },
  body: JSON.stringify({ model: "happyhorse-1.1-text-to-video", prompt: "a horse", duration: 3 }),
})
const task = await reply.json()
const ledger = sandbox.ledger.forKey("my-test-key")
await sandbox.close()
console.log(JSON.stringify({ status: reply.status, id: task.id, submits: ledger.submits.length }))`,
    )
    const result = JSON.parse(out.trim().split("\n").at(-1)!) as { status: number; id: string; submits: number }
    expect(result.status).toBe(200)
    expect(result.id).toMatch(/^task-unified-/)
    expect(result.submits).toBe(1)
  }, 240_000)
})
