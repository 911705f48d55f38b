import {
  durationField,
  modelField,
  promptField,
  ratioField,
  resolutionField,
  seedField,
  watermarkField,
} from "../inputFields.js"
import { textRequest } from "./requests.js"
import type { VideoCreateSpec } from "./videoCreate.js"

export const generateFromText: VideoCreateSpec = {
  key: "generate_video_from_text",
  label: "Generate Video From Text",
  description: "Starts a HappyHorse video from a text prompt, with native audio.",
  inputFields: [promptField(true), modelField, resolutionField, ratioField, durationField, seedField, watermarkField],
  toRequest: textRequest,
}
