import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { createServer } from "node:net"
import type { AddressInfo } from "node:net"
import * as Stream from "effect/Stream"
import { submitStreaming } from "../../src/lifecycle/streamSubmit.js"
import { submit } from "../../src/lifecycle/submit.js"
import { normalized } from "../support/requests.js"
import { gatewayLayer } from "../support/scriptedHttp.js"

/** A port that was just closed: a connection to it is refused before any byte is written. */
const closedPort = Effect.promise(
  () =>
    new Promise<number>((resolve) => {
      const server = createServer()
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        server.close(() => resolve(port))
      })
    }),
)

const request = normalized({ kind: "text-to-video", prompt: "a white horse on a beach", ratio: "16:9", duration: 5 })

describe("a submit whose fetch fails before any byte is written", () => {
  it.live("is not sent (real fetch error shape: the code sits on cause.cause), so it is no SubmitInDoubt", () =>
    Effect.gen(function* () {
      const port = yield* closedPort
      const error = yield* Effect.flip(
        submit(request).pipe(
          Effect.provide(FetchHttpClient.layer),
          Effect.provide(gatewayLayer("ttapi", { baseUrl: `http://127.0.0.1:${port}`, timeScale: 1000 })),
        ),
      )
      expect(error._tag).toBe("TransportError")
    }),
  )

  it.live("is not sent on the streamed submit either", () =>
    Effect.gen(function* () {
      const port = yield* closedPort
      const error = yield* Effect.flip(
        Stream.runDrain(submitStreaming(request)).pipe(
          Effect.provide(FetchHttpClient.layer),
          Effect.provide(gatewayLayer("acedata", { baseUrl: `http://127.0.0.1:${port}`, timeScale: 1000 })),
        ),
      )
      expect(error._tag).toBe("TransportError")
    }),
  )
})
