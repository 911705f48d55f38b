import { IMAGE_RULES, promptField, resolutionField, seedField, watermarkField } from "../inputFields.js"
import { editRequest } from "./requests.js"
import type { VideoCreateSpec } from "./videoCreate.js"

export const editVideo: VideoCreateSpec = {
  key: "edit_video",
  label: "Edit Video",
  description: "Starts a HappyHorse edit of a video from a prompt and up to 5 reference images.",
  inputFields: [
    { ...promptField(true), helpText: "Describe the change, e.g. `make it snow` or `replace the car with character1`." },
    {
      key: "video",
      label: "Video",
      type: "file",
      required: true,
      helpText: "A public MP4 URL or a file from an earlier step, 3 to 60 seconds long. Only the first 15 seconds are used.",
    },
    {
      key: "images",
      label: "Reference Images",
      type: "file",
      list: true,
      helpText: `Up to 5 public image URLs or files from earlier steps. ${IMAGE_RULES}`,
    },
    {
      key: "audio",
      label: "Audio",
      choices: { keep: "Keep the original sound", regenerate: "Make new sound" },
      default: "keep",
    },
    {
      key: "video_duration",
      label: "Input Length (Seconds)",
      type: "number",
      helpText: "Optional. Length of the input video; edit bills input plus output seconds, and this sharpens the estimate.",
    },
    resolutionField,
    seedField,
    watermarkField,
  ],
  toRequest: editRequest,
}
