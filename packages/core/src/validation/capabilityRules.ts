import { type Capabilities, supportsKind } from "../domain/Capabilities.js"
import type { ValidationError } from "../domain/Errors.js"
import { type ModelVersion, VideoKind } from "../domain/VideoRequest.js"
import { callbackUrlIssues, type CallbackUrlOptions } from "./callbackUrl.js"
import { issue } from "./issue.js"
import type { RequestView } from "./requestView.js"

/** The only model that edits video. */
export const EDIT_MODEL: ModelVersion = "1.0"

/** Model versions this gateway offers for a kind, oldest first; edit is 1.0 only. */
export const offeredModels = (capabilities: Capabilities, kind: VideoKind): ReadonlyArray<ModelVersion> => {
  const models = capabilities.models[kind] ?? []
  return kind === "video-edit" ? models.filter((m) => m === EDIT_MODEL) : models
}

const offeredKinds = (capabilities: Capabilities): ReadonlyArray<VideoKind> =>
  VideoKind.literals.filter((k) => supportsKind(capabilities, k) && offeredModels(capabilities, k).length > 0)

/** What this gateway offers: the kind, the model version for it, the ratio and callbacks. */
export const capabilityIssues = (
  view: RequestView,
  capabilities: Capabilities,
  options: CallbackUrlOptions,
): ReadonlyArray<ValidationError> => {
  const errors: Array<ValidationError> = []
  const gateway = capabilities.gateway
  const { kind } = view
  if (kind !== undefined) {
    const models = offeredModels(capabilities, kind)
    if (models.length === 0) {
      const others = offeredKinds(capabilities)
      const offer = others.length === 0 ? "it lists no kinds" : `it offers ${others.join(", ")}`
      errors.push(issue("kind", kind, `${gateway} does not offer ${kind}; ${offer}`))
    } else if (view.model !== undefined && !models.includes(view.model)) {
      const rule =
        kind === "video-edit"
          ? `video-edit exists only as model ${EDIT_MODEL}`
          : `${gateway} offers ${kind} with model ${models.join(" or ")}`
      errors.push(issue("model", view.model, rule))
    }
  }
  if (view.ratio !== undefined && !capabilities.ratios.includes(view.ratio)) {
    errors.push(issue("ratio", view.ratio, `${gateway} accepts the ratios ${capabilities.ratios.join(", ")}`))
  }
  if (view.callbackUrl !== undefined) {
    if (!capabilities.callbacks) {
      errors.push(
        issue("callbackUrl", view.callbackUrl, `${gateway} does not send callbacks; leave callbackUrl out and watch the task instead`),
      )
    } else {
      errors.push(...callbackUrlIssues(view.callbackUrl, options))
    }
  }
  return errors
}
