import type { INodeProperties } from "n8n-workflow"

const video = (...operation: string[]) => ({ show: { resource: ["video"], operation } })
const task = (...operation: string[]) => ({ show: { resource: ["task"], operation } })


const videoOperationNames = ["textToVideo", "imageToVideo", "referenceToVideo", "editVideo"] as const

/** How many items' tasks run at once; the rest wait for a free slot. */
export const DEFAULT_MAX_CONCURRENT = 5

const maxConcurrentOption: INodeProperties = {
  displayName: "Max Concurrent Tasks",
  name: "maxConcurrent",
  type: "number",
  typeOptions: { minValue: 1, maxValue: 50, numberPrecision: 0 },
  default: DEFAULT_MAX_CONCURRENT,
  description: "How many items run at the same time; the gateway's own rate limit still applies",
}

const maxWaitOption: INodeProperties = {
  displayName: "Max Wait (Minutes)",
  name: "maxWaitMinutes",
  type: "number",
  typeOptions: { minValue: 1, maxValue: 1440 },
  default: 10,
  description: "How long to wait for the video before the item fails; the task may still finish later",
}

const downloadOption: INodeProperties = {
  displayName: "Download as Binary",
  name: "downloadBinary",
  type: "boolean",
  default: true,
  description: "Whether to download the MP4 into the item's binary data",
}

const binaryFieldOption: INodeProperties = {
  displayName: "Put Output File in Field",
  name: "binaryPropertyName",
  type: "string",
  default: "data",
  hint: "The name of the output binary field to put the file in",
}

export const resourceProperty: INodeProperties = {
  displayName: "Resource",
  name: "resource",
  type: "options",
  noDataExpression: true,
  options: [
    { name: "Task", value: "task" },
    { name: "Video", value: "video" },
  ],
  default: "video",
}

export const videoOperations: INodeProperties = {
  displayName: "Operation",
  name: "operation",
  type: "options",
  noDataExpression: true,
  displayOptions: { show: { resource: ["video"] } },
  options: [
    { name: "Edit Video", value: "editVideo", action: "Edit a video", description: "Restyle or change a video from a prompt and optional reference images" },
    { name: "Image to Video", value: "imageToVideo", action: "Animate an image into a video", description: "Animate a first-frame image" },
    { name: "Reference to Video", value: "referenceToVideo", action: "Generate a video from reference images", description: "Generate a video that keeps the subjects or style of 1 to 9 images" },
    { name: "Text to Video", value: "textToVideo", action: "Generate a video from text", description: "Generate a video from a prompt" },
  ],
  default: "textToVideo",
}

export const taskOperations: INodeProperties = {
  displayName: "Operation",
  name: "operation",
  type: "options",
  noDataExpression: true,
  displayOptions: { show: { resource: ["task"] } },
  options: [
    { name: "Download", value: "download", action: "Download a finished video", description: "Download the MP4 of a finished task as binary data" },
    { name: "Get", value: "get", action: "Get a task", description: "Read a task's status once" },
    { name: "Wait for Completion", value: "wait", action: "Wait for a task to finish", description: "Wait until a task succeeds or fails" },
  ],
  default: "get",
}

/** A required prompt, with an example that fits the operation. */
const promptField = (operation: string, placeholder: string, description: string): INodeProperties => ({
  displayName: "Prompt",
  name: "prompt",
  type: "string",
  typeOptions: { rows: 4 },
  required: true,
  default: "",
  placeholder,
  description,
  displayOptions: video(operation),
})

export const videoFields: INodeProperties[] = [
  promptField("textToVideo", "e.g. A paper boat drifting down a rainy street, cinematic", "What the video shows"),
  promptField(
    "referenceToVideo",
    "e.g. character1 hands a red umbrella to character2 in the rain",
    "What the video shows. Name the images as character1, character2, … or [Image 1].",
  ),
  promptField("editVideo", "e.g. Make it snow; keep the people and the camera move as they are", "What to change in the video"),
  {
    displayName: "Image URL",
    name: "imageUrl",
    type: "string",
    required: true,
    default: "",
    placeholder: "https://example.com/first-frame.jpg",
    description: "Public http(s) URL of the first frame (JPEG, PNG or WEBP)",
    displayOptions: video("imageToVideo"),
  },
  {
    displayName: "Prompt",
    name: "prompt",
    type: "string",
    typeOptions: { rows: 4 },
    default: "",
    description: "Optional: how the image should move",
    displayOptions: video("imageToVideo"),
  },
  {
    displayName: "Reference Image URLs",
    name: "referenceImages",
    type: "string",
    typeOptions: { multipleValues: true, multipleValueButtonText: "Add Image URL" },
    required: true,
    default: [],
    placeholder: "https://example.com/character.png",
    description: "1 to 9 public http(s) image URLs",
    displayOptions: video("referenceToVideo"),
  },
  {
    displayName: "Video URL",
    name: "videoUrl",
    type: "string",
    required: true,
    default: "",
    placeholder: "https://example.com/input.mp4",
    description: "Public http(s) URL of the MP4 to edit (3 to 60 s; the first 15 s are used)",
    displayOptions: video("editVideo"),
  },
  {
    displayName: "Reference Image URLs",
    name: "referenceImages",
    type: "string",
    typeOptions: { multipleValues: true, multipleValueButtonText: "Add Image URL" },
    default: [],
    description: "Up to 5 public http(s) image URLs to guide the edit",
    displayOptions: video("editVideo"),
  },
  {
    displayName: "Audio",
    name: "audio",
    type: "options",
    options: [
      { name: "Keep", value: "keep", description: "Keep the input video's sound" },
      { name: "Regenerate", value: "regenerate", description: "Let the model make new sound" },
    ],
    default: "keep",
    displayOptions: video("editVideo"),
  },
  {
    displayName: "Model",
    name: "model",
    type: "options",
    options: [
      { name: "HappyHorse 1.0", value: "1.0" },
      { name: "HappyHorse 1.1", value: "1.1" },
      { name: "Latest on This Gateway", value: "latest" },
    ],
    default: "latest",
    description: "The model version; the gateway's newest by default",
    displayOptions: video("textToVideo", "imageToVideo", "referenceToVideo", "editVideo"),
  },
  {
    displayName: "Resolution",
    name: "resolution",
    type: "options",
    options: [
      { name: "720P", value: "720P" },
      { name: "1080P", value: "1080P", description: "Costs more per second" },
    ],
    default: "720P",
    displayOptions: video("textToVideo", "imageToVideo", "referenceToVideo", "editVideo"),
  },
  {
    displayName: "Aspect Ratio",
    name: "ratio",
    type: "options",
    // The credential's gateway's own ratios, from the core's field table.
    typeOptions: { loadOptionsMethod: "getRatios", loadOptionsDependsOn: ["operation"] },
    default: "16:9",
    description:
      'The ratios the credential\'s gateway offers. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
    displayOptions: video("textToVideo", "referenceToVideo"),
  },
  {
    displayName: "Duration (Seconds)",
    name: "duration",
    type: "number",
    typeOptions: { minValue: 3, maxValue: 15, numberPrecision: 0 },
    default: 5,
    description: "Length of the video, 3 to 15 seconds",
    displayOptions: video("textToVideo", "imageToVideo", "referenceToVideo"),
  },
  {
    displayName: "Additional Fields",
    name: "additionalFields",
    type: "collection",
    placeholder: "Add Field",
    default: {},
    displayOptions: video("textToVideo", "imageToVideo", "referenceToVideo", "editVideo"),
    options: [
      {
        displayName: "Callback URL",
        name: "callbackUrl",
        type: "string",
        default: "",
        placeholder: "https://n8n.example.com/webhook/…",
        description: "EvoLink and AceData only: where the gateway POSTs the result, e.g. a HappyHorse Trigger's production URL",
      },
      {
        displayName: "Reference Type",
        name: "referenceType",
        type: "options",
        options: [
          { name: "Style", value: "style" },
          { name: "Subject", value: "subject" },
        ],
        default: "subject",
        description: "Whether to keep the subjects of the images, or their style",
        displayOptions: { show: { "/operation": ["referenceToVideo"] } },
      },
      {
        displayName: "Seed",
        name: "seed",
        type: "number",
        typeOptions: { minValue: 0, numberPrecision: 0 },
        default: 1,
        description: "A fixed seed for repeatable results; without it the gateway picks one",
      },
      {
        displayName: "Watermark",
        name: "watermark",
        type: "boolean",
        default: false,
        description: "Whether to add the gateway's watermark",
      },
    ],
  },
  {
    displayName: "Mode",
    name: "resultMode",
    type: "options",
    noDataExpression: true,
    options: [
      {
        name: "Wait for Result",
        value: "wait",
        description: "Wait until the video is ready and return it (up to Max Wait)",
      },
      {
        name: "Submit Only",
        value: "submit",
        description:
          "Return the task ID at once; pick it up later with Task → Wait for Completion after a Wait node, or with a HappyHorse Trigger",
      },
    ],
    default: "wait",
    displayOptions: video(...videoOperationNames),
  },
  {
    displayName: "Options",
    name: "options",
    type: "collection",
    placeholder: "Add option",
    default: {},
    displayOptions: video(...videoOperationNames),
    options: [
      maxConcurrentOption,
      { ...maxWaitOption, displayOptions: { show: { "/resultMode": ["wait"] } } },
      { ...downloadOption, displayOptions: { show: { "/resultMode": ["wait"] } } },
      { ...binaryFieldOption, displayOptions: { show: { "/resultMode": ["wait"] } } },
    ],
  },
]

export const taskFields: INodeProperties[] = [
  {
    displayName: "Task ID",
    name: "taskId",
    type: "string",
    required: true,
    default: "",
    placeholder: "e.g. {{ $json.taskId }}",
    description: "The ID a HappyHorse node or trigger returned",
    displayOptions: task("get", "wait", "download"),
  },
]

export const taskOptions: INodeProperties[] = [
  {
    displayName: "Options",
    name: "options",
    type: "collection",
    placeholder: "Add option",
    default: {},
    displayOptions: task("get", "wait", "download"),
    options: [
      maxConcurrentOption,
      { ...maxWaitOption, displayOptions: { show: { "/operation": ["wait"] } } },
      { ...downloadOption, displayOptions: { show: { "/operation": ["wait"] } } },
      { ...binaryFieldOption, displayOptions: { show: { "/operation": ["wait", "download"] } } },
    ],
  },
]

export const nodeProperties: INodeProperties[] = [
  resourceProperty,
  videoOperations,
  taskOperations,
  ...videoFields,
  ...taskFields,
  ...taskOptions,
]

/**
 * The canvas subtitle: the operation's own label ("Text to Video"), not its raw value. A chain of
 * comparisons, because an object literal's braces would end n8n's `{{ }}` early.
 */
export const nodeSubtitle = (() => {
  const labelled = (property: INodeProperties, prefix: string) =>
    (property.options ?? []).flatMap((option) =>
      "value" in option && typeof option.value === "string" ? [[option.value, `${prefix}${option.name}`] as const] : [],
    )
  const labels = [...labelled(videoOperations, ""), ...labelled(taskOperations, "Task: ")]
  const chain = labels.map(([value, label]) => `$parameter["operation"] === ${JSON.stringify(value)} ? ${JSON.stringify(label)} : `).join("")
  return `={{ ${chain}$parameter["operation"] }}`
})()
