import { coerceHostInput } from "@happyhorse/core/surface"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { context, explain } from "./explain.js"
import { secretArguments, withKind } from "./input.js"
import { objectSchema, requestProperties } from "./schemas.js"
import type { ToolEnv, ToolSpec } from "./Tool.js"
import { ok, type ToolOutcome } from "./ToolResult.js"

export const estimateCost = (env: ToolEnv): ToolSpec => ({
  name: "estimate_cost",
  title: "Estimate a video's cost",
  description:
    "Price a video request before making it: takes the same fields as generate_video and returns the estimated USD cost on the configured gateway, with how the seconds were counted. Checks the request too (a bad field comes back as an error naming field, value and rule). Spends nothing and submits nothing.",
  inputSchema: objectSchema(requestProperties(env.client.capabilities)),
  readOnly: true,
  idempotent: true,
  run: (args): Effect.Effect<ToolOutcome> =>
    Effect.gen(function* () {
      const secret = secretArguments(args)
      if (secret !== undefined) return explain(secret, env.connection)
      const estimate = yield* Effect.either(env.client.estimate(withKind(coerceHostInput(args))))
      if (Either.isLeft(estimate)) return explain(estimate.left, env.connection)
      const e = estimate.right
      return ok(
        `About $${e.usd.toFixed(3)} on ${e.gateway}: ${e.note} at $${e.perSecondUsd}/s (${e.basis} price). Nothing was spent.${env.connection.sandbox ? " On the sandbox nothing is ever charged." : ""}`,
        { ...context(env.connection), usd: e.usd, billedSeconds: e.billedSeconds, perSecondUsd: e.perSecondUsd, basis: e.basis, source: e.source, counted: e.note },
      )
    }),
})
