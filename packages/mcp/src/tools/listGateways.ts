import { dialects, gatewayNames } from "@happyhorse/core"
import * as Effect from "effect/Effect"
import { context } from "./explain.js"
import { objectSchema } from "./schemas.js"
import type { ToolEnv, ToolSpec } from "./Tool.js"
import { ok } from "./ToolResult.js"

export const listGateways = (env: ToolEnv): ToolSpec => ({
  name: "list_gateways",
  title: "List the video gateways",
  description:
    "List the gateways HappyHorse videos can go through (ttapi, tokenbay, evolink, acedata, dashscope), what each offers (kinds and model versions, aspect ratios, callbacks, cancel), and which one this server uses. The gateway is chosen in the server's configuration, not per call.",
  inputSchema: objectSchema({}),
  readOnly: true,
  idempotent: true,
  run: () =>
    Effect.sync(() => {
      const gateways = gatewayNames.map((name) => {
        const c = dialects[name].capabilities
        return {
          gateway: name,
          active: name === env.connection.gateway,
          kinds: Object.fromEntries(Object.entries(c.models).filter(([, m]) => (m?.length ?? 0) > 0)),
          ratios: c.ratios,
          callbacks: c.callbacks,
          cancel: c.cancel,
        }
      })
      return ok(
        `This server uses ${env.connection.gateway}${env.connection.sandbox ? " on the built-in sandbox (no API key set)" : ""}. ${gateways.length} gateways are supported.`,
        { ...context(env.connection), active: env.connection.gateway, gateways },
      )
    }),
})
