import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { FileTransfer } from "../../src/lifecycle/FileTransfer.js"
import { generate } from "../../src/lifecycle/generate.js"
import { normalized } from "../support/requests.js"
import { gatewayLayer, scriptedHttp } from "../support/scriptedHttp.js"
import { submitted, succeeded } from "../support/ttapiBodies.js"

/** A transfer that reports half the bytes, then never ends. */
const stallingTransfer = Layer.succeed(FileTransfer, {
  get: () =>
    Effect.succeed({
      status: 200,
      headers: { "content-length": "1000" },
      discard: Effect.void,
      readText: Effect.succeed(""),
      writeTo: (_path, _mode, onBytes) => Effect.zipRight(Effect.sync(() => onBytes(500)), Effect.never),
    }),
})

describe("generate's progress events", () => {
  it.effect("run inside the caller's fiber scope: interrupting generate stops a report under way", () =>
    Effect.gen(function* () {
      const http = scriptedHttp([{ status: 200, body: submitted("t-1") }, { status: 200, body: succeeded("t-1") }])
      let started = 0
      let stopped = 0
      const fiber = yield* Effect.fork(
        generate(normalized({ kind: "text-to-video", prompt: "p", ratio: "16:9", duration: 5 }), {
          outDir: mkdtempSync(join(tmpdir(), "hh-progress-")),
          onEvent: (event) =>
            event._tag === "Downloading"
              ? Effect.zipRight(
                  Effect.sync(() => started++),
                  Effect.never.pipe(Effect.onInterrupt(() => Effect.sync(() => stopped++))),
                )
              : Effect.void,
        }).pipe(
          Effect.provide(stallingTransfer),
          Effect.provide(Layer.mergeAll(http.layer, NodeFileSystem.layer, NodePath.layer)),
          Effect.provide(gatewayLayer("ttapi")),
        ),
      )
      yield* TestClock.adjust("10 minutes")
      // The download does real file I/O: let it run until its first report has started.
      for (let i = 0; i < 1000 && started === 0; i++) yield* Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))
      expect(started).toBe(1)
      yield* Fiber.interrupt(fiber)
      expect(stopped).toBe(started)
    }),
  )
})
