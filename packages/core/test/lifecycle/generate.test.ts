import * as FileSystem from "@effect/platform/FileSystem"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Path from "@effect/platform/Path"
import { describe, expect, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { generate, type GenerateEvent } from "../../src/lifecycle/generate.js"
import { gatewayLayer } from "../support/scriptedHttp.js"
import { normalized } from "../support/requests.js"

const fixture = (name: string) =>
  JSON.parse(readFileSync(join(__dirname, "../../../../tooling/fixtures/gateways/acedata", name), "utf8")) as {
    readonly lines?: ReadonlyArray<unknown>
    readonly response: { readonly body: unknown }
  }

const firstLine = fixture("stream-lines.json").lines![0]
const retrieved = fixture("retrieve-succeeded.json").response.body

/** AceData: the submit streams one snapshot and then goes silent; status reads answer "succeeded". */
const silentStream = () => {
  const sent: Array<{ readonly at: number; readonly url: string }> = []
  const client = HttpClient.make((request) =>
    Effect.map(Clock.currentTimeMillis, (at) => {
      sent.push({ at, url: request.url })
      if (request.url.endsWith("/happyhorse/videos")) {
        const body = new ReadableStream<Uint8Array>({
          start: (controller) => controller.enqueue(new TextEncoder().encode(`${JSON.stringify(firstLine)}\n`)),
        })
        return HttpClientResponse.fromWeb(request, new Response(body, { headers: { "content-type": "application/x-ndjson" } }))
      }
      return HttpClientResponse.fromWeb(request, Response.json(retrieved))
    }),
  )
  return { layer: Layer.succeed(HttpClient.HttpClient, client), sent }
}

// Not used without outDir; generate's type asks for them.
const noFiles = Layer.mergeAll(Layer.succeed(FileSystem.FileSystem, FileSystem.makeNoop({})), Path.layer)

describe("generate over AceData's NDJSON channel", () => {
  it.effect("a stream that goes silent after naming the task hands over to polling and still finishes", () =>
    Effect.gen(function* () {
      const http = silentStream()
      const events: Array<GenerateEvent["_tag"]> = []
      const fiber = yield* Effect.fork(
        generate(normalized({ kind: "text-to-video", prompt: "p", ratio: "16:9", duration: 5 }), {
          onEvent: (event) => Effect.sync(() => events.push(event._tag)),
        }).pipe(Effect.provide(http.layer), Effect.provide(noFiles), Effect.provide(gatewayLayer("acedata"))),
      )
      yield* TestClock.adjust("5 minutes")
      const result = yield* Fiber.join(fiber)
      expect(result.taskId).toBe("b8976e18-32dc-4718-9ed8-1ea090fcb6ea")
      expect(result.videoUrl).toBe("https://files.example.com/happyhorse/result.mp4")
      expect(events).toEqual(["Submitted", "Progress", "Succeeded"])
      // One submit, then a status read only after the 2 minute idle limit.
      expect(http.sent.filter((s) => s.url.endsWith("/happyhorse/videos"))).toHaveLength(1)
      const reads = http.sent.filter((s) => s.url.endsWith("/happyhorse/tasks"))
      expect(reads).toHaveLength(1)
      expect(reads[0]!.at).toBeGreaterThanOrEqual(120_000)
    }),
  )
})
