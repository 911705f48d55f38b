import type { ICredentialType, INodeProperties } from "n8n-workflow"
import { dialectFor } from "@happyhorse/core"
import { gatewayOptions } from "../shared/gateways.js"

export class HappyHorseApi implements ICredentialType {
  name = "happyHorseApi"

  displayName = "HappyHorse API"

  icon = { light: "file:../icons/happyhorse.svg", dark: "file:../icons/happyhorse.dark.svg" } as const

  documentationUrl = "https://github.com/happyhorse-toolkit/happyhorse/tree/main/packages/n8n-nodes-happyhorse#credentials"

  properties: INodeProperties[] = [
    {
      displayName: "Gateway",
      name: "gateway",
      type: "options",
      options: [...gatewayOptions],
      default: "tokenbay",
      description: "The reseller that issued your API key",
    },
    {
      displayName: "API Key",
      name: "apiKey",
      type: "string",
      typeOptions: { password: true },
      required: true,
      default: "",
    },
    // One Base URL field per gateway (a single value is stored), so its placeholder is that gateway's address.
    ...gatewayOptions.map(
      (gateway): INodeProperties => ({
        displayName: "Base URL",
        name: "baseUrl",
        type: "string",
        default: "",
        placeholder: dialectFor(gateway.value).defaultBaseUrl,
        description: "Optional: the gateway's origin, for a self-hosted deployment or a proxy. Empty uses the address shown.",
        displayOptions: { show: { gateway: [gateway.value] } },
      }),
    ),
  ]
}
