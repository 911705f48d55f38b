import type { Bundle, ZObject } from "zapier-platform-core"
import type { AppOptions } from "./AppOptions.js"
import { DEFAULT_READ_DEADLINE_MS } from "./AppOptions.js"
import { type Connection, readConnection, withClient } from "./connection.js"
import { isHappyHorseError, mapErrors } from "./zapierErrors.js"

export const gatewayLabels = {
  ttapi: "ttapi",
  tokenbay: "TokenBay (OpenAI-compatible)",
  evolink: "EvoLink",
  acedata: "AceData Cloud",
  dashscope: "Alibaba DashScope",
} as const

/** A task id no gateway issues: reading it proves the key without spending anything. */
export const PROBE_TASK_ID = "happyhorse-zapier-connection-check"

/** What the auth test returns; the connection label is made from it. */
export interface ConnectionInfo {
  readonly gateway: Connection["gateway"]
  readonly gateway_label: string
  readonly host: string
}

/**
 * A status read of the probe id: a refused key fails it (AuthError), while "no such task" in
 * any of the gateways' forms (an unknown status, a 400 or 404) means the key was accepted.
 * An empty balance also means the key is good.
 */
const accepted = (error: unknown): boolean =>
  isHappyHorseError(error) &&
  (error._tag === "InsufficientBalance" ||
    error._tag === "ResultExpired" ||
    (error._tag === "GatewayError" && (error.status === 400 || error.status === 404)))

export const makeAuthentication = (options: AppOptions) => ({
  type: "custom",
  fields: [
    {
      key: "gateway",
      label: "Gateway",
      required: true,
      choices: gatewayLabels,
      helpText: "The reseller you buy HappyHorse from. EvoLink and AceData Cloud finish your steps by callback; on the others, follow up with **Find Task**.",
    },
    {
      key: "api_key",
      label: "API Key",
      type: "password",
      required: true,
      helpText: "Your key from the gateway's dashboard. It is sent only to the gateway.",
    },
    {
      key: "base_url",
      label: "Base URL",
      required: false,
      helpText: "Optional. Leave empty for the gateway's own address; set it for a self-hosted OpenAI-compatible (new-api) gateway, e.g. `https://api.example.com`.",
    },
  ],
  test: (z: ZObject, bundle: Bundle): Promise<ConnectionInfo> =>
    mapErrors(z, async () => {
      const connection = readConnection(bundle.authData)
      return withClient(connection, options, async (client) => {
        try {
          await client.get(PROBE_TASK_ID, { signal: AbortSignal.timeout(options.readDeadlineMs ?? DEFAULT_READ_DEADLINE_MS) })
        } catch (error) {
          if (!accepted(error)) throw error
        }
        return { gateway: connection.gateway, gateway_label: gatewayLabels[connection.gateway], host: new URL(client.baseUrl).host }
      })
    }),
  connectionLabel: (_z: ZObject, bundle: Bundle<Record<string, unknown>>): string => {
    const label = bundle.inputData["gateway_label"]
    const host = bundle.inputData["host"]
    return typeof label === "string" && typeof host === "string" ? `${label} (${host})` : "HappyHorse"
  },
})
