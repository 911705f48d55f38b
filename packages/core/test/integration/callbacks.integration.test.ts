import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { startSandbox, type Sandbox } from "@happyhorse/sandbox"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { CallbackInbox, HappyHorse, layer, layerCallbackInbox, Settings, type GatewayName } from "../../src/index.js"
import { dialectFor } from "../../src/providers/registry.js"

const SCALE = 200
let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox({ timeScale: SCALE, seed: 11, testMode: true, durations: { fixedMs: 40_000 } })
})
afterAll(() => sandbox.close())

/** A host's receiver: decode the callback, verify it by reading the task again, then wake the watch. */
const withReceiver = <A, E, R>(gateway: GatewayName, use: (url: string) => Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const client = yield* HappyHorse
    const inbox = yield* CallbackInbox
    const dialect = dialectFor(gateway)
    const runtime = yield* Effect.runtime<never>()
    const received: Array<string> = []
    const server: Server = createServer((req, res) => {
      const chunks: Array<Buffer> = []
      req.on("data", (c: Buffer) => chunks.push(c))
      req.on("end", () => {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown
        const verify = dialect.decodeCallback!(body).pipe(
          Effect.flatMap((claimed) => client.get(claimed.taskId)),
          Effect.tap((verified) => Effect.sync(() => received.push(verified.taskId))),
          Effect.flatMap(inbox.deliver),
        )
        Effect.runPromiseExit(Effect.provide(verify, runtime.context)).then(() => res.writeHead(204).end())
      })
    })
    yield* Effect.acquireRelease(
      Effect.async<void>((resume) => void server.listen(0, "127.0.0.1", () => resume(Effect.void))),
      () => Effect.sync(() => server.close()),
    )
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/happyhorse`
    const result = yield* use(url)
    return { result, received }
  })

const clientLayer = (gateway: GatewayName, apiKey: string) => {
  const settings = Settings.makeSettings(
    { provider: gateway, apiKey, baseUrl: sandbox.urls[gateway], timeScale: SCALE, allowPrivateCallbackUrls: true },
    (g) => dialectFor(g).defaultBaseUrl,
  )
  if (settings._tag === "Left") throw settings.left
  return Layer.mergeAll(
    layer.pipe(Layer.provide(Layer.mergeAll(Settings.layer(settings.right), FetchHttpClient.layer, NodeFileSystem.layer, NodePath.layer))),
    layerCallbackInbox,
  )
}

describe("the callback channel", () => {
  it.live.each(["evolink", "acedata"] as const)("%s: the watch wakes on a verified callback and never polls", (gateway) =>
    Effect.gen(function* () {
      const apiKey = `key-callback-${gateway}`
      const { received, result } = yield* withReceiver(gateway, (callbackUrl) =>
        Effect.flatMap(HappyHorse, (client) =>
          client.generate({ kind: "text-to-video", prompt: "a horse that calls back", duration: 3, callbackUrl }),
        ),
      )
      expect(result.status).toBe("succeeded")
      expect(received).toContain(result.taskId)
      yield* Effect.promise(() => sandbox.callbacksIdle())
      const ledger = sandbox.ledger.snapshot().keys[apiKey]!
      expect(ledger.callbacks.some((c) => c.ok && c.taskId === result.taskId)).toBe(true)
      // The only status read is the receiver's verification, not a poll from the watch.
      expect(ledger.pollTimes[result.taskId] ?? []).toHaveLength(received.length)
    }).pipe(Effect.scoped, Effect.provide(clientLayer(gateway, `key-callback-${gateway}`))),
  )
})
