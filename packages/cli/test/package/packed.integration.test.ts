import { describe, expect, it } from "@effect/vitest"
import { execFile } from "node:child_process"
import { readdirSync, readFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { installPacked } from "../../../../tooling/testing/packed.mjs"

const packages = resolve(dirname(fileURLToPath(import.meta.url)), "../../..")

describe("the packed happyhorse command, installed in an empty folder", () => {
  it("makes a sandbox video from a prompt with no API key, as the README's first command does", async () => {
    // The CLI with the workspace packages it depends on, each packed as it would be published.
    const user = await installPacked(["cli", "core", "sandbox", "queue", "mcp"].map((name) => join(packages, name)))
    const bin = join(user.app, "node_modules", ".bin", "happyhorse")
    const env = { ...process.env, HAPPYHORSE_API_KEY: "", HAPPYHORSE_PROVIDER: "", HOME: user.app }
    const { stdout } = await promisify(execFile)(bin, ["generate", "A white horse on a beach", "--json", "--out", "videos", "--state", "state"], {
      cwd: user.app,
      env,
      encoding: "utf8",
    })
    const last = JSON.parse(stdout.trim().split("\n").at(-1)!) as { status: string; file: string; taskId: string }
    expect(last.status).toBe("succeeded")
    expect(readdirSync(join(user.app, "videos"))).toContain(`${last.taskId}.mp4`)
    expect(readFileSync(resolve(user.app, last.file)).subarray(4, 8).toString("latin1")).toBe("ftyp")
  }, 600_000)
})
