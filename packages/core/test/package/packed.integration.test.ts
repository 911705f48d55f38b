import { startSandbox, type Sandbox } from "@happyhorse/sandbox"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { readFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { installPacked } from "../../../../tooling/testing/packed.mjs"

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..")
let sandbox: Sandbox
let user: Awaited<ReturnType<typeof installPacked>>

beforeAll(async () => {
  sandbox = await startSandbox({ timeScale: 200, durations: { fixedMs: 20_000 } })
  user = await installPacked([packageDir])
}, 240_000)
afterAll(() => sandbox?.close())

describe("the packed @happyhorse/core, installed in an empty folder", () => {
  it("generates a video from ESM with the Promise facade", async () => {
    const out = await user.script(
      "main.mjs",
      `import { createClient } from "@happyhorse/core/node"
const client = createClient({ provider: "tokenbay", apiKey: "user-key", baseUrl: ${JSON.stringify(sandbox.urls.tokenbay)}, timeScale: 200 })
const result = await client.generate({ kind: "text-to-video", prompt: "a packed horse", duration: 3 }, { outDir: "videos" })
await client.dispose()
console.log(JSON.stringify({ status: result.status, file: result.file.path, usd: result.cost.usd }))`,
    )
    const result = JSON.parse(out.trim().split("\n").at(-1)!) as { status: string; file: string; usd: number }
    expect(result.status).toBe("succeeded")
    expect(readFileSync(join(user.app, result.file)).subarray(4, 8).toString("latin1")).toBe("ftyp")
    expect(result.usd).toBeGreaterThan(0)
  })

  it("loads from CommonJS, and its typed errors are the same classes from both entries", async () => {
    const out = await user.script(
      "main.cjs",
      `const core = require("@happyhorse/core")
const { createClient } = require("@happyhorse/core/node")
const client = createClient({ provider: "acedata", apiKey: "k" })
client.validate({ kind: "text-to-video", prompt: "x", duration: 99 }).then(
  () => console.log("accepted"),
  (e) => console.log(JSON.stringify({ tag: e._tag, same: e instanceof core.ValidationErrors, field: e.errors[0].field })),
).finally(() => client.dispose())`,
    )
    expect(JSON.parse(out.trim())).toEqual({ tag: "ValidationErrors", same: true, field: "duration" })
  })
})
