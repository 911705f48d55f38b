// Field definitions shared by the creates, worded like Zapier's own apps.

export interface Field {
  readonly key: string
  readonly label: string
  readonly helpText?: string
  readonly type?: "string" | "text" | "integer" | "number" | "boolean" | "file"
  readonly required?: boolean
  readonly list?: boolean
  readonly choices?: Readonly<Record<string, string>>
  readonly default?: string
  readonly placeholder?: string
  readonly altersDynamicFields?: boolean
}

export const promptField = (required: boolean): Field => ({
  key: "prompt",
  label: "Prompt",
  type: "text",
  required,
  helpText:
    "Describe the video: subject, action, camera and sound. At most 5000 characters (2500 in Chinese).",
})

export const modelField: Field = {
  key: "model",
  label: "Model Version",
  choices: { "1.1": "HappyHorse 1.1 (newest)", "1.0": "HappyHorse 1.0" },
  helpText: "Leave empty for the newest version the gateway offers. Video edit runs on 1.0 only.",
}

export const resolutionField: Field = {
  key: "resolution",
  label: "Resolution",
  choices: { "720P": "720P", "1080P": "1080P" },
  default: "720P",
  helpText: "1080P costs more per second on every gateway.",
}

export const ratioField: Field = {
  key: "ratio",
  label: "Aspect Ratio",
  choices: {
    "16:9": "16:9 (landscape)",
    "9:16": "9:16 (portrait)",
    "1:1": "1:1 (square)",
    "4:3": "4:3",
    "3:4": "3:4",
    "4:5": "4:5",
    "5:4": "5:4",
    "21:9": "21:9",
    "9:21": "9:21",
  },
  default: "16:9",
}

export const durationField: Field = {
  key: "duration",
  label: "Duration (Seconds)",
  type: "integer",
  default: "5",
  helpText: "Length of the video, 3 to 15 seconds. You pay per output second.",
}

export const seedField: Field = {
  key: "seed",
  label: "Seed",
  type: "integer",
  helpText: "Optional. The same seed and inputs give a similar video.",
}

export const watermarkField: Field = {
  key: "watermark",
  label: "Add Watermark",
  type: "boolean",
  default: "false",
}

export const imageUrlField = (key: string, label: string, helpText: string): Field => ({
  key,
  label,
  type: "file",
  required: true,
  helpText,
})

export const IMAGE_RULES = "JPEG, PNG or WEBP; both sides at least 300 px; at most 10 MB; aspect ratio between 1:2.5 and 2.5:1."
