import * as FileSystem from "@effect/platform/FileSystem"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Path from "@effect/platform/Path"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { BudgetGuard, makeBudgetGuard } from "../../src/cost/BudgetGuard.js"
import { generate } from "../../src/lifecycle/generate.js"
import { submitStreaming } from "../../src/lifecycle/streamSubmit.js"
import { normalized } from "../support/requests.js"
import { gatewayLayer } from "../support/scriptedHttp.js"

const request = normalized({ kind: "text-to-video", prompt: "p", ratio: "16:9", duration: 5 })

/** AceData's submit answering 200 with a body of the given type that no decoder can read. */
const answering = (body: string, contentType: string) =>
  Layer.succeed(
    HttpClient.HttpClient,
    HttpClient.make((req) => Effect.succeed(HttpClientResponse.fromWeb(req, new Response(body, { headers: { "content-type": contentType } })))),
  )

const noFiles = Layer.mergeAll(Layer.succeed(FileSystem.FileSystem, FileSystem.makeNoop({})), Path.layer)

describe("the streamed submit follows the same in-doubt rule as the plain submit", () => {
  it.effect("an unreadable 2xx in plain JSON is SubmitInDoubt", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        Stream.runDrain(submitStreaming(request)).pipe(
          Effect.provide(answering("<html>gateway</html>", "application/json")),
          Effect.provide(gatewayLayer("acedata")),
        ),
      )
      expect(error._tag).toBe("SubmitInDoubt")
    }),
  )

  it.effect("an unreadable first NDJSON line is SubmitInDoubt", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        Stream.runDrain(submitStreaming(request)).pipe(
          Effect.provide(answering('{"surprise":true}\n', "application/x-ndjson")),
          Effect.provide(gatewayLayer("acedata")),
        ),
      )
      expect(error._tag).toBe("SubmitInDoubt")
    }),
  )

  it.effect("generate keeps the budget reservation of such a submit: it may be billed", () =>
    Effect.gen(function* () {
      const guard = yield* makeBudgetGuard(100)
      const error = yield* Effect.flip(
        generate(request).pipe(
          Effect.provide(answering("<html>gateway</html>", "application/json")),
          Effect.provide(noFiles),
          Effect.provide(gatewayLayer("acedata")),
          Effect.provideService(BudgetGuard, guard),
        ),
      )
      expect(error._tag).toBe("SubmitInDoubt")
      expect(yield* guard.spent).toBeGreaterThan(0)
    }),
  )
})
