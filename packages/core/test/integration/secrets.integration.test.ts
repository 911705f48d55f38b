import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { startSandbox, type Sandbox } from "@happyhorse/sandbox"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { HappyHorse, layer, Settings, type GatewayName } from "../../src/index.js"
import { dialectFor } from "../../src/providers/registry.js"

const CANARY = "sk-canary-4b1d-DO-NOT-LEAK-9e7c"
const gateways: ReadonlyArray<GatewayName> = ["ttapi", "tokenbay", "evolink", "acedata", "dashscope"]

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox({ timeScale: 200, seed: 3, durations: { fixedMs: 20_000 }, invalidKeys: [`${CANARY}-revoked`] })
})
afterAll(() => sandbox.close())

/** Everything a person could see: messages, JSON, stack, and every log line at every level. */
const exposed = (value: unknown, logs: ReadonlyArray<string>): string => {
  const parts = [...logs]
  if (value instanceof Error) parts.push(value.message, String(value.stack), String(value))
  parts.push(JSON.stringify(value) ?? "", String(value))
  return parts.join("\n")
}

const clientFor = (gateway: GatewayName, apiKey: string, logs: Array<string>) => {
  const settings = Settings.makeSettings(
    { provider: gateway, apiKey, baseUrl: sandbox.urls[gateway], timeScale: 200 },
    (g) => dialectFor(g).defaultBaseUrl,
  )
  if (settings._tag === "Left") throw settings.left
  const capture = Logger.make(({ message, annotations, spans }) => {
    logs.push(JSON.stringify({ message, annotations: [...annotations], spans: [...spans] }))
  })
  return layer.pipe(
    Layer.provide(Layer.mergeAll(Settings.layer(settings.right), FetchHttpClient.layer, NodeFileSystem.layer, NodePath.layer)),
    Layer.merge(Logger.replace(Logger.defaultLogger, capture)),
    Layer.merge(Logger.minimumLogLevel(LogLevel.All)),
  )
}

describe("the API key never appears in an error, a log line, or a result", () => {
  it.each(gateways)("%s: a full generate and a refused key", async (gateway) => {
    const logs: Array<string> = []
    const outDir = mkdtempSync(join(tmpdir(), "hh-canary-"))
    const ok = await Effect.runPromise(
      Effect.flatMap(HappyHorse, (c) => c.generate({ kind: "text-to-video", prompt: "a canary", duration: 3 }, { outDir })).pipe(
        Effect.provide(clientFor(gateway, CANARY, logs)),
      ),
    )
    expect(exposed(ok, logs)).not.toContain(CANARY)

    const refused = await Effect.runPromise(
      Effect.flip(Effect.flatMap(HappyHorse, (c) => c.submit({ kind: "text-to-video", prompt: "a canary" }))).pipe(
        Effect.provide(clientFor(gateway, `${CANARY}-revoked`, logs)),
      ),
    )
    expect(refused._tag).toBe("AuthError")
    expect(exposed(refused, logs)).not.toContain(CANARY)
    expect(logs.length).toBeGreaterThan(0)
  })
})
