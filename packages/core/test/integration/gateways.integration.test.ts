import { startSandbox, type Sandbox } from "@happyhorse/sandbox"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { mkdtempSync, readFileSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Effect from "effect/Effect"
import { GatewayTag, getTasks, makeGateway, Settings, supportsKind, type GatewayName, type VideoKind, type VideoRequest } from "../../src/index.js"
import { createClient } from "../../src/node/index.js"
import { dialectFor } from "../../src/providers/registry.js"

const SCALE = 100
const gateways: ReadonlyArray<GatewayName> = ["ttapi", "tokenbay", "evolink", "acedata", "dashscope"]
const kinds: ReadonlyArray<VideoKind> = ["text-to-video", "image-to-video", "reference-to-video", "video-edit"]

const requestFor = (kind: VideoKind, prompt: string): VideoRequest => {
  switch (kind) {
    case "text-to-video":
      return { kind, prompt, duration: 3, ratio: "9:16" }
    case "image-to-video":
      return { kind, prompt, image: "https://images.example.com/first-frame.png", duration: 3 }
    case "reference-to-video":
      return { kind, prompt: `character1 and [Image 2]: ${prompt}`, images: ["https://images.example.com/a.png", "https://images.example.com/b.png"], referenceType: "subject", duration: 3 }
    case "video-edit":
      return { kind, prompt, video: "https://videos.example.com/input.mp4", images: ["https://images.example.com/style.png"], audio: "keep" }
  }
}

const combos = gateways.flatMap((gateway) =>
  kinds.filter((kind) => supportsKind(dialectFor(gateway).capabilities, kind)).map((kind) => ({ gateway, kind })),
)

/** Consecutive status reads of one task, in sandbox ms; 1 % tolerance for timer rounding at 100x. */
const assertPollFloor = (pollTimes: Record<string, ReadonlyArray<number>>) => {
  for (const times of Object.values(pollTimes)) {
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(4950)
  }
}

let sandbox: Sandbox
const outDir = mkdtempSync(join(tmpdir(), "hh-core-it-"))

beforeAll(async () => {
  sandbox = await startSandbox({ timeScale: SCALE, seed: 7, testMode: true, durations: { medianMs: 60_000, sigma: 0.3 } })
})
afterAll(() => sandbox.close())

describe("every gateway x kind against the sandbox, over HTTP on 127.0.0.1", () => {
  it.each(combos)("$gateway $kind: generate, watch and download a real MP4", async ({ gateway, kind }) => {
    const apiKey = `key-clean-${gateway}-${kind}`
    const client = createClient({ provider: gateway, apiKey, baseUrl: sandbox.urls[gateway], timeScale: SCALE })
    const events: Array<string> = []
    const result = await client.generate(requestFor(kind, `${gateway} ${kind}`), { outDir, onEvent: (e) => events.push(e._tag) })
    await client.dispose()

    expect(result.status).toBe("succeeded")
    expect(events[0]).toBe("Submitted")
    expect(events).toContain("Succeeded")
    expect(events.at(-1)).toBe("Downloaded")
    const head = readFileSync(result.file!.path).subarray(4, 8).toString("latin1")
    expect(head).toBe("ftyp")
    expect(statSync(result.file!.path).size).toBe(result.file!.bytes)

    const ledger = sandbox.ledger.snapshot().keys[apiKey]!
    expect(ledger.submitsPerTask).toEqual({ [result.taskId]: 1 })
    expect(ledger.chargesPerTask[result.taskId]).toBe(1)
    assertPollFloor(ledger.pollTimes)
    // AceData streams NDJSON snapshots on the submit itself: no status request at all.
    if (gateway === "acedata") expect(Object.values(ledger.pollTimes).flat()).toEqual([])
  })
})

describe("with faults on: 5xx, resets and cut downloads", () => {
  beforeAll(() => {
    sandbox.setFaults({ serverErrorRate: 0.15, resetRate: 0.05, truncateDownloadRate: 0.5 })
  })
  afterAll(() => {
    sandbox.setFaults({ serverErrorRate: 0, resetRate: 0, truncateDownloadRate: 0 })
  })

  it.each(combos)("$gateway $kind: finishes, or ends with a typed in-doubt submit that was sent once", async ({ gateway, kind }) => {
    const apiKey = `key-faults-${gateway}-${kind}`
    const client = createClient({ provider: gateway, apiKey, baseUrl: sandbox.urls[gateway], timeScale: SCALE })
    const outcome = await client.generate(requestFor(kind, `faulty ${gateway} ${kind}`), { outDir }).then(
      (result) => ({ ok: true as const, result }),
      (error: { readonly _tag?: string }) => ({ ok: false as const, error }),
    )
    await client.dispose()
    const ledger = sandbox.ledger.snapshot().keys[apiKey]
    const submits = ledger?.submits.length ?? 0
    expect(submits).toBeLessThanOrEqual(1)
    if (outcome.ok) {
      expect(readFileSync(outcome.result.file!.path).subarray(4, 8).toString("latin1")).toBe("ftyp")
      expect(ledger?.submitsPerTask[outcome.result.taskId]).toBe(1)
    } else {
      expect(outcome.error._tag).toBe("SubmitInDoubt")
    }
    if (ledger !== undefined) assertPollFloor(ledger.pollTimes)
  })
})

describe("typed errors from the gateway", () => {
  it("a content-rejected prompt is ContentRejected on every gateway, and nothing is charged", async () => {
    sandbox.setFaults({ rejectKeyword: "forbidden-scene" })
    try {
      for (const gateway of gateways) {
        const apiKey = `key-reject-${gateway}`
        const client = createClient({ provider: gateway, apiKey, baseUrl: sandbox.urls[gateway], timeScale: SCALE })
        const error = await client.generate({ kind: "text-to-video", prompt: "a forbidden-scene here" }, { outDir }).catch((e: unknown) => e)
        await client.dispose()
        expect(error, gateway).toMatchObject({ _tag: "ContentRejected" })
        expect(sandbox.ledger.snapshot().keys[apiKey]?.charges ?? []).toHaveLength(0)
      }
    } finally {
      sandbox.setFaults({ rejectKeyword: undefined })
    }
  })

  it("a key with no balance is InsufficientBalance on every gateway", async () => {
    const keys = gateways.map((g) => `key-broke-${g}`)
    sandbox.setFaults({ noBalanceKeys: keys })
    try {
      for (const gateway of gateways) {
        const client = createClient({ provider: gateway, apiKey: `key-broke-${gateway}`, baseUrl: sandbox.urls[gateway], timeScale: SCALE })
        const error = await client.submit({ kind: "text-to-video", prompt: "a horse" }).catch((e: unknown) => e)
        await client.dispose()
        expect(error, gateway).toMatchObject({ _tag: "InsufficientBalance" })
      }
    } finally {
      sandbox.setFaults({ noBalanceKeys: [] })
    }
  })

  it("bad input fails before the network, naming the field", async () => {
    const apiKey = "key-invalid-input"
    const client = createClient({ provider: "ttapi", apiKey, baseUrl: sandbox.urls.ttapi, timeScale: SCALE })
    const error = await client.submit({ kind: "text-to-video", prompt: "x", ratio: "4:5", duration: 40 }).catch((e: unknown) => e)
    await client.dispose()
    expect(error).toMatchObject({ _tag: "ValidationErrors" })
    const fields = (error as { errors: ReadonlyArray<{ field: string }> }).errors.map((e) => e.field).sort()
    expect(fields).toEqual(["duration", "ratio"])
    expect(sandbox.ledger.snapshot().keys[apiKey]).toBeUndefined()
  })

  it("an expired task id is a typed ResultExpired", async () => {
    const apiKey = "key-expire"
    const client = createClient({ provider: "evolink", apiKey, baseUrl: sandbox.urls.evolink, timeScale: SCALE })
    const receipt = await client.submit({ kind: "text-to-video", prompt: "a horse" })
    sandbox.advanceTime(25 * 3600_000)
    const error = await client.watch(receipt.taskId).catch((e: unknown) => e)
    await client.dispose()
    expect(error).toMatchObject({ _tag: "ResultExpired" })
  })
})

describe("batch status", () => {
  it("AceData reads 60 tasks in two retrieve_batch calls of at most 50 ids", async () => {
    const apiKey = "key-batch"
    const client = createClient({ provider: "acedata", apiKey, baseUrl: sandbox.urls.acedata, timeScale: SCALE })
    const ids: Array<string> = []
    for (let i = 0; i < 60; i++) ids.push((await client.submit({ kind: "text-to-video", prompt: `batch ${i}` })).taskId)
    await client.dispose()
    const settings = Settings.makeSettings({ provider: "acedata", apiKey, baseUrl: sandbox.urls.acedata }, (g) => dialectFor(g).defaultBaseUrl)
    if (settings._tag === "Left") throw settings.left
    const before = sandbox.ledger.snapshot().keys[apiKey]!.requests.length
    const snapshots = await Effect.runPromise(
      getTasks(ids).pipe(
        Effect.provideServiceEffect(GatewayTag, makeGateway(settings.right, dialectFor("acedata"))),
        Effect.provide(FetchHttpClient.layer),
      ),
    )
    expect(snapshots.map((s) => s.taskId).sort()).toEqual([...ids].sort())
    expect(sandbox.ledger.snapshot().keys[apiKey]!.requests.slice(before)).toHaveLength(2)
  })
})
