import {
  durationField,
  IMAGE_RULES,
  imageUrlField,
  modelField,
  promptField,
  resolutionField,
  seedField,
  watermarkField,
} from "../inputFields.js"
import { imageRequest } from "./requests.js"
import type { VideoCreateSpec } from "./videoCreate.js"

export const generateFromImage: VideoCreateSpec = {
  key: "generate_video_from_image",
  label: "Generate Video From Image",
  description: "Starts a HappyHorse video that opens on your image (the first frame).",
  inputFields: [
    imageUrlField("image", "First Frame Image", `A public image URL or a file from an earlier step. ${IMAGE_RULES} The video takes its aspect ratio.`),
    promptField(false),
    modelField,
    resolutionField,
    durationField,
    seedField,
    watermarkField,
  ],
  toRequest: imageRequest,
}
