import type { Capabilities } from "../domain/Capabilities.js"
import type { ValidationError } from "../domain/Errors.js"
import { issue } from "./issue.js"
import type { RequestView } from "./requestView.js"

/** Output length in whole seconds. */
export const DURATION = { min: 3, max: 15 } as const
/** The input video of an edit; only its first 15 s are used. */
export const EDIT_INPUT_DURATION = { min: 3, max: 60 } as const

const inRange = (value: number, range: { readonly min: number; readonly max: number }): boolean =>
  value >= range.min && value <= range.max

/** Duration, seed and the edit input's length. */
export const numberIssues = (view: RequestView, capabilities: Capabilities): ReadonlyArray<ValidationError> => {
  const errors: Array<ValidationError> = []
  const { duration, seed, videoDuration } = view
  if (duration !== undefined) {
    if (view.kind === "video-edit") {
      errors.push(issue("duration", duration, "is not used by video-edit: the output follows the input video's length; leave duration out"))
    } else if (!Number.isInteger(duration) || !inRange(duration, DURATION)) {
      errors.push(issue("duration", duration, `must be an integer from ${DURATION.min} to ${DURATION.max} seconds`))
    }
  }
  if (seed !== undefined && (!Number.isInteger(seed) || !inRange(seed, capabilities.seed))) {
    const range = `${capabilities.gateway} accepts seeds from ${capabilities.seed.min} to ${capabilities.seed.max}`
    errors.push(issue("seed", seed, Number.isInteger(seed) ? range : `must be an integer; ${range}`))
  }
  if (videoDuration !== undefined && !(Number.isFinite(videoDuration) && inRange(videoDuration, EDIT_INPUT_DURATION))) {
    errors.push(
      issue(
        "videoDuration",
        videoDuration,
        `must be the input video's length, from ${EDIT_INPUT_DURATION.min} to ${EDIT_INPUT_DURATION.max} seconds`,
      ),
    )
  }
  return errors
}
