import {
  durationField,
  IMAGE_RULES,
  modelField,
  promptField,
  ratioField,
  resolutionField,
  seedField,
  watermarkField,
} from "../inputFields.js"
import { referencesRequest } from "./requests.js"
import type { VideoCreateSpec } from "./videoCreate.js"

export const generateFromReferences: VideoCreateSpec = {
  key: "generate_video_from_references",
  label: "Generate Video From References",
  description: "Starts a HappyHorse video that keeps the subjects or style of 1 to 9 reference images.",
  inputFields: [
    {
      ...promptField(true),
      helpText:
        "Describe the video and name the images in order, e.g. `character1 waves at character2` or `[Image 1]`. At most 5000 characters.",
    },
    {
      key: "images",
      label: "Reference Images",
      type: "file",
      list: true,
      required: true,
      helpText: `1 to 9 public image URLs or files from earlier steps. ${IMAGE_RULES}`,
    },
    {
      key: "reference_type",
      label: "Reference Type",
      choices: { subject: "Subject (keep who or what is in the images)", style: "Style (keep the look)" },
      helpText: "Only some gateways use this; the others ignore it.",
    },
    modelField,
    resolutionField,
    ratioField,
    durationField,
    seedField,
    watermarkField,
  ],
  toRequest: referencesRequest,
}
