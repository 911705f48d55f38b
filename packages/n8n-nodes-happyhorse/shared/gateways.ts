import type { GatewayName } from "@happyhorse/core"
import type { INodePropertyOptions } from "n8n-workflow"

/** The credential's gateway dropdown; values are the core's gateway names. */
export const gatewayOptions: ReadonlyArray<INodePropertyOptions & { readonly value: GatewayName }> = [
  { name: "AceData Cloud", value: "acedata", description: "api.acedata.cloud; sends callbacks" },
  { name: "Alibaba DashScope", value: "dashscope", description: "dashscope.aliyuncs.com, Alibaba's own API" },
  { name: "EvoLink", value: "evolink", description: "api.evolink.ai; sends callbacks" },
  { name: "TokenBay (OpenAI-Compatible)", value: "tokenbay", description: "api.tokenbay.com or any new-api deployment" },
  { name: "Ttapi", value: "ttapi", description: "api.ttapi.io" },
]

/** Gateways that POST the finished task to a callback URL, so the trigger can receive them. */
export const callbackGateways = ["evolink", "acedata"] as const
