import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from "node:fs"
import { createServer, type IncomingMessage, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { download } from "../../src/lifecycle/download.js"
import { layerPortable } from "../../src/lifecycle/FileTransfer.js"
import { layerNodeFileTransfer } from "../../src/node/nodeFileTransfer.js"
import { gatewayLayer } from "../support/scriptedHttp.js"

// A fake MP4: a valid "ftyp" box followed by filler, big enough to cut mid-way.
const video = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d]),
  Buffer.alloc(300_000, 7),
])

interface Seen {
  readonly path: string
  readonly range: string | undefined
  readonly auth: string | undefined
}

let server: Server
let origin = ""
const seen: Array<Seen> = []
let cutsLeft = 0
let stallsLeft = 0
/** Responses left hanging mid-body, ended when the tests are done. */
const stalled: Array<import("node:http").ServerResponse> = []

const serve = (req: IncomingMessage, res: import("node:http").ServerResponse) => {
  seen.push({ path: req.url ?? "", range: req.headers.range, auth: req.headers["tt-api-key"] as string | undefined })
  if (req.url === "/expired.mp4") return res.writeHead(403).end("expired")
  // A content endpoint that refuses in the OpenAI style, saying why, or with a bare 403.
  const refuse = (body: unknown) => res.writeHead(403, { "content-type": "application/json" }).end(JSON.stringify(body))
  if (req.url === "/v1/videos/bad-key/content") {
    return refuse({ error: { message: "Invalid token", type: "authentication_error", code: "invalid_api_key" } })
  }
  if (req.url === "/v1/videos/old/content") return refuse({ error: { message: "the video has expired", type: "invalid_request_error", code: null } })
  if (req.url === "/v1/videos/silent/content") return res.writeHead(403).end("Forbidden")
  if (req.url === "/html.mp4") {
    const page = Buffer.from("<html>not a video</html>")
    return res.writeHead(200, { "content-length": page.length }).end(page)
  }
  const match = req.headers.range?.match(/bytes=(\d+)-/)
  const start = match?.[1] === undefined ? 0 : Number(match[1])
  const body = video.subarray(start)
  res.writeHead(start > 0 ? 206 : 200, {
    "content-type": "video/mp4",
    "content-length": body.length,
    ...(start > 0 ? { "content-range": `bytes ${start}-${video.length - 1}/${video.length}` } : {}),
  })
  if (stallsLeft > 0) {
    stallsLeft--
    // Send part of the body, then nothing more: the connection stays open and silent.
    res.write(body.subarray(0, 100_000))
    stalled.push(res)
    return
  }
  if (cutsLeft > 0) {
    cutsLeft--
    // Send part of the body, then drop the connection.
    res.write(body.subarray(0, 100_000), () => res.destroy())
    return
  }
  res.end(body)
}

beforeAll(async () => {
  server = createServer(serve)
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => {
  for (const res of stalled) res.destroy()
  return new Promise<void>((resolve) => server.close(() => resolve()))
})

const platform = Layer.mergeAll(FetchHttpClient.layer, NodeFileSystem.layer, NodePath.layer)

// Both byte paths: the portable one (any HttpClient and FileSystem) and Node's own.
const transfers = [
  { name: "portable", transfer: layerPortable.pipe(Layer.provide(platform)) },
  { name: "node:http", transfer: layerNodeFileTransfer },
]

describe.each(transfers)("download over real HTTP on 127.0.0.1 ($name)", ({ transfer }) => {
const fetchTo = (url: string, outDir: string, baseUrl = "https://gateway.test", idle: Duration.DurationInput = "30 seconds") =>
  download("task/../../evil name", url, { outDir }).pipe(
    Effect.provide(transfer),
    Effect.provide(platform),
    Effect.provide(gatewayLayer("ttapi", { baseUrl, timeScale: 1000, downloadIdleTimeout: Duration.decode(idle) })),
  )

  it.live("a server that stalls mid-body is cut after the idle timeout and resumed with Range", () =>
    Effect.gen(function* () {
      const dir = mkdtempSync(join(tmpdir(), "hh-dl-"))
      seen.length = 0
      stallsLeft = 1
      // The stall lasts for ever, so the timeout is sure to fire; a slow machine only adds a resume.
      const result = yield* fetchTo(`${origin}/v.mp4`, dir, "https://gateway.test", "300 millis")
      expect(readFileSync(result.path).equals(video)).toBe(true)
      expect(seen.length).toBeGreaterThanOrEqual(2)
      expect(seen[0]?.range).toBeUndefined()
      expect(seen[1]?.range).toMatch(/^bytes=[1-9]\d*-$/)
    }),
  )

  it.live("streams to a safe file name, whole and valid, without a key for a foreign host", () =>
    Effect.gen(function* () {
      const dir = mkdtempSync(join(tmpdir(), "hh-dl-"))
      seen.length = 0
      const result = yield* fetchTo(`${origin}/v.mp4`, dir)
      expect(result.bytes).toBe(video.length)
      expect(result.path).toBe(join(dir, "task_.._.._evil_name.mp4"))
      expect(readFileSync(result.path).equals(video)).toBe(true)
      expect(existsSync(`${result.path}.part`)).toBe(false)
      expect(seen[0]?.auth).toBeUndefined()
    }),
  )

  it.live("after a cut it resumes with Range and fetches only the missing bytes", () =>
    Effect.gen(function* () {
      const dir = mkdtempSync(join(tmpdir(), "hh-dl-"))
      seen.length = 0
      cutsLeft = 2
      const result = yield* fetchTo(`${origin}/v.mp4`, dir)
      expect(readFileSync(result.path).equals(video)).toBe(true)
      expect(seen.length).toBe(3)
      expect(seen[0]?.range).toBeUndefined()
      expect(seen[1]?.range).toMatch(/^bytes=[1-9]\d*-$/)
      expect(seen[2]?.range).toMatch(/^bytes=[1-9]\d*-$/)
    }),
  )

  it.live("resumes a .part file left by an earlier run", () =>
    Effect.gen(function* () {
      const dir = mkdtempSync(join(tmpdir(), "hh-dl-"))
      writeFileSync(join(dir, "task_.._.._evil_name.mp4.part"), video.subarray(0, 250_000))
      seen.length = 0
      const result = yield* fetchTo(`${origin}/v.mp4`, dir)
      expect(readFileSync(result.path).equals(video)).toBe(true)
      expect(seen.map((s) => s.range)).toEqual(["bytes=250000-"])
    }),
  )

  it.live("an expired result URL is a typed ResultExpired", () =>
    Effect.gen(function* () {
      const dir = mkdtempSync(join(tmpdir(), "hh-dl-"))
      const error = yield* Effect.flip(fetchTo(`${origin}/expired.mp4`, dir))
      expect(error._tag).toBe("ResultExpired")
    }),
  )

  it.live("bytes that are not an MP4 are refused and not kept", () =>
    Effect.gen(function* () {
      const dir = mkdtempSync(join(tmpdir(), "hh-dl-"))
      const error = yield* Effect.flip(fetchTo(`${origin}/html.mp4`, dir))
      expect(error).toMatchObject({ _tag: "DownloadFailed", reason: expect.stringContaining("not an MP4") })
      expect(existsSync(join(dir, "task_.._.._evil_name.mp4"))).toBe(false)
    }),
  )

  it.live("a gateway-relative content path is fetched from the gateway with its key", () =>
    Effect.gen(function* () {
      const dir = mkdtempSync(join(tmpdir(), "hh-dl-"))
      seen.length = 0
      yield* fetchTo("/v1/videos/t/content", dir, origin)
      expect(seen[0]?.path).toBe("/v1/videos/t/content")
      expect(seen[0]?.auth).toBe("sk-canary-7f3a9c1e-DO-NOT-LEAK")
    }),
  )
})

describe.each(transfers)("$name transfer and redirects", ({ transfer }) => {
  /** A gateway whose content endpoint redirects to `target(origin)`; every request it gets is kept. */
  const redirectingGateway = (target: (gatewayOrigin: string) => string) =>
    Effect.acquireRelease(
      Effect.promise(async () => {
        const asked: Array<Seen> = []
        const server = createServer((req, res) => {
          asked.push({ path: req.url ?? "", range: req.headers.range, auth: req.headers["tt-api-key"] as string | undefined })
          if (req.url === "/v1/videos/t/content") return res.writeHead(302, { location: target(gatewayOrigin) }).end()
          serve(req, res)
        })
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
        const gatewayOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
        return { server, gatewayOrigin, asked }
      }),
      ({ server }) => Effect.sync(() => server.close()),
    )

  it.scoped("follows a redirect to another origin without the key", () =>
    Effect.gen(function* () {
      const dir = mkdtempSync(join(tmpdir(), "hh-dl-"))
      const gateway = yield* redirectingGateway(() => `${origin}/v.mp4`)
      seen.length = 0
      const result = yield* download("t", "/v1/videos/t/content", { outDir: dir }).pipe(
        Effect.provide(transfer),
        Effect.provide(platform),
        Effect.provide(gatewayLayer("ttapi", { baseUrl: gateway.gatewayOrigin, timeScale: 1000 })),
      )
      expect(readFileSync(result.path).equals(video)).toBe(true)
      // The gateway got the key; the other origin did not.
      expect(gateway.asked.map((r) => r.auth)).toEqual(["sk-canary-7f3a9c1e-DO-NOT-LEAK"])
      expect(seen).toHaveLength(1)
      expect(seen[0]?.auth).toBeUndefined()
    }),
  )

  it.scoped("keeps the key on a redirect within the gateway's own origin", () =>
    Effect.gen(function* () {
      const dir = mkdtempSync(join(tmpdir(), "hh-dl-"))
      const gateway = yield* redirectingGateway((gatewayOrigin) => `${gatewayOrigin}/v.mp4`)
      const result = yield* download("t", "/v1/videos/t/content", { outDir: dir }).pipe(
        Effect.provide(transfer),
        Effect.provide(platform),
        Effect.provide(gatewayLayer("ttapi", { baseUrl: gateway.gatewayOrigin, timeScale: 1000 })),
      )
      expect(readFileSync(result.path).equals(video)).toBe(true)
      expect(gateway.asked.map((r) => [r.path, r.auth])).toEqual([
        ["/v1/videos/t/content", "sk-canary-7f3a9c1e-DO-NOT-LEAK"],
        ["/v.mp4", "sk-canary-7f3a9c1e-DO-NOT-LEAK"],
      ])
    }),
  )
})

describe.each(transfers)("a 403 from the authenticated content endpoint ($name)", ({ transfer }) => {
  const fromContent = (taskId: string) =>
    Effect.flip(
      download(taskId, `/v1/videos/${taskId}/content`, { outDir: mkdtempSync(join(tmpdir(), "hh-dl-")) }).pipe(
        Effect.provide(transfer),
        Effect.provide(platform),
        Effect.provide(gatewayLayer("tokenbay", { baseUrl: origin, timeScale: 1000 })),
      ),
    )

  it.live("is an AuthError where the reply says the key was refused", () =>
    Effect.gen(function* () {
      const error = yield* fromContent("bad-key")
      expect(error).toMatchObject({ _tag: "AuthError", status: 403 })
      expect(error.message).not.toContain("sk-canary")
    }),
  )

  it.live("is ResultExpired where the reply says the result is gone", () =>
    Effect.gen(function* () {
      const error = yield* fromContent("old")
      expect(error._tag).toBe("ResultExpired")
      expect(error.message).not.toContain("not allowed")
    }),
  )

  it.live("says \"expired or not allowed\" where the reply does not say which", () =>
    Effect.gen(function* () {
      const error = yield* fromContent("silent")
      expect(error).toMatchObject({ _tag: "ResultExpired", orNotAllowed: true })
      expect(error.message).toContain("expired or is not allowed")
    }),
  )
})
