import { dialectFor, type GatewayName, type VideoKind } from "@happyhorse/core"
import { type RequestField, requestFields } from "@happyhorse/core/surface"
import type { INodePropertyOptions } from "n8n-workflow"

const kinds: Readonly<Record<string, VideoKind>> = {
  textToVideo: "text-to-video",
  imageToVideo: "image-to-video",
  referenceToVideo: "reference-to-video",
  editVideo: "video-edit",
}

/**
 * A dropdown's options for one operation on one gateway, from the kit's field table: only what that
 * gateway accepts (ttapi and DashScope offer fewer ratios than EvoLink). Empty when the gateway does not
 * offer the operation or the field.
 */
export const fieldOptions = (gateway: GatewayName, operation: string, field: RequestField): Array<INodePropertyOptions> => {
  const kind = kinds[operation]
  if (kind === undefined) return []
  const found = requestFields(kind, dialectFor(gateway).capabilities).find((f) => f.name === field)
  return (found?.options ?? []).map((option) => ({ name: option.label, value: option.value }))
}
