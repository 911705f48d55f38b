import { startSandbox, type Sandbox } from "@happyhorse/sandbox"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { createClient, withVideoStream } from "../../src/node/index.js"
import { checkCredentialsPromise, taskView, verifyCallbackPromise } from "../../src/surface/index.js"

const SCALE = 200
const BAD_KEY = "sk-surface-revoked"
let sandbox: Sandbox
let site: Server
let siteUrl: string

beforeAll(async () => {
  sandbox = await startSandbox({ timeScale: SCALE, seed: 5, testMode: true, invalidKeys: [BAD_KEY], durations: { fixedMs: 40_000 } })
  // A web site, not a gateway: HTML for every path, 404 under /missing, 200 elsewhere.
  site = createServer((req, res) => {
    res.writeHead(req.url?.startsWith("/missing") === true ? 404 : 200, { "content-type": "text/html; charset=utf-8" })
    res.end("<!doctype html><html><body>Welcome</body></html>")
  })
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve))
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`
})
afterAll(async () => {
  await sandbox.close()
  await new Promise((resolve) => site.close(resolve))
})

const client = (provider: string, baseUrl: string, apiKey = "sk-surface") =>
  createClient({ provider, apiKey, baseUrl, timeScale: SCALE })

const check = async (provider: string, baseUrl: string, apiKey?: string) => {
  const c = client(provider, baseUrl, apiKey)
  try {
    return await checkCredentialsPromise(c, { timeoutMs: 30_000 })
  } finally {
    await c.dispose()
  }
}

describe("checkCredentials", () => {
  it("accepts a working key on every gateway", async () => {
    for (const gateway of ["ttapi", "tokenbay", "evolink", "acedata", "dashscope"] as const) {
      expect((await check(gateway, sandbox.urls[gateway])).status).toBe("ok")
    }
  })

  it("reports a refused key", async () => {
    expect((await check("evolink", sandbox.urls.evolink, BAD_KEY)).status).toBe("bad-key")
    expect((await check("ttapi", sandbox.urls.ttapi, BAD_KEY)).status).toBe("bad-key")
  })

  it("reports a web page, even an HTML 404, as a base URL that is not the gateway", async () => {
    expect(await check("evolink", `${siteUrl}/missing`)).toMatchObject({ status: "wrong-gateway" })
    expect(await check("tokenbay", `${siteUrl}/missing`)).toMatchObject({ status: "wrong-gateway" })
    expect(await check("ttapi", siteUrl)).toMatchObject({ status: "wrong-gateway" })
  })

  it("reports a host that does not answer", async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    expect((await check("evolink", `http://127.0.0.1:${port}`)).status).toBe("unreachable")
  })
})

// EvoLink's callback body is its task reading; a forged one may claim anything.
const evolinkCallback = (taskId: string): unknown => {
  const fixture = JSON.parse(
    readFileSync(new URL("../../../../tooling/fixtures/gateways/evolink/callback-completed.json", import.meta.url), "utf8"),
  ) as { readonly request: { readonly body: Record<string, unknown> } }
  return { ...fixture.request.body, id: taskId, results: ["https://forged.example.com/evil.mp4"] }
}

describe("verifyCallback", () => {
  it("trusts only the gateway's own reading, and an unfinished task is not a result", async () => {
    const c = client("evolink", sandbox.urls.evolink)
    try {
      const receipt = await c.submit({ kind: "text-to-video", prompt: "a horse at dawn", duration: 3 })
      const early = await verifyCallbackPromise(c, evolinkCallback(receipt.taskId))
      expect(early._tag).toBe("Unfinished")
      sandbox.advanceTime(60_000)
      const late = await verifyCallbackPromise(c, evolinkCallback(receipt.taskId), { expectedTaskId: receipt.taskId })
      expect(late._tag).toBe("Verified")
      if (late._tag === "Verified") {
        expect(late.snapshot.status._tag).toBe("Succeeded")
        expect(taskView(late.snapshot).videoUrl).not.toContain("forged.example.com")
      }
      const other = await verifyCallbackPromise(c, evolinkCallback(receipt.taskId), { expectedTaskId: "someone-else" })
      expect(other._tag).toBe("Refused")
      expect((await verifyCallbackPromise(c, { hello: "world" }))._tag).toBe("Refused")
      expect((await verifyCallbackPromise(c, evolinkCallback("task-never-made")))._tag).toBe("Refused")
    } finally {
      await c.dispose()
    }
  })

  it("refuses every callback for a gateway that sends none", async () => {
    const c = client("ttapi", sandbox.urls.ttapi)
    try {
      expect(await verifyCallbackPromise(c, evolinkCallback("x"))).toMatchObject({ _tag: "Refused" })
    } finally {
      await c.dispose()
    }
  })
})

describe("withVideoStream", () => {
  it("streams a finished video and leaves no file behind", async () => {
    const c = client("evolink", sandbox.urls.evolink)
    try {
      const receipt = await c.submit({ kind: "text-to-video", prompt: "a horse at noon", duration: 3 })
      sandbox.advanceTime(60_000)
      const root = mkdtempSync(join(tmpdir(), "surface-stream-"))
      const { bytes, counted } = await withVideoStream(c, receipt.taskId, { tempRoot: root }, async (video) => {
        expect(readdirSync(root)).toHaveLength(1)
        let counted = 0
        for await (const chunk of video.stream) counted += (chunk as Buffer).length
        return { bytes: video.bytes, counted }
      })
      expect(counted).toBe(bytes)
      expect(bytes).toBeGreaterThan(1000)
      expect(readdirSync(root)).toEqual([])
      rmSync(root, { recursive: true })
    } finally {
      await c.dispose()
    }
  })
})
