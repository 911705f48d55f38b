import type { TaskOutput } from "./taskOutput.js"

// What the Zap editor shows before a step has run.

export const pendingSample: TaskOutput = {
  id: "task-unified-1761000000-abcd1234",
  gateway: "evolink",
  status: "queued",
  raw_status: "submitted",
  progress: null,
  video: null,
  video_url: null,
  duration: null,
  resolution: null,
  failure_code: null,
  failure_reason: null,
  waiting_for_callback: false,
}

export const finishedSample: TaskOutput = {
  ...pendingSample,
  status: "succeeded",
  raw_status: "completed",
  progress: 100,
  video: "https://zapier-dev-files.s3.amazonaws.com/cli-platform/happyhorse-sample.mp4",
  video_url: "https://files.evolink.ai/videos/task-unified-1761000000-abcd1234.mp4",
  duration: 5,
  resolution: "720P",
}

export const taskOutputFields = [
  { key: "id", label: "Task ID" },
  { key: "gateway", label: "Gateway" },
  { key: "status", label: "Status" },
  { key: "raw_status", label: "Gateway Status" },
  { key: "progress", label: "Progress (%)", type: "integer" },
  { key: "video", label: "Video File", type: "file" },
  { key: "video_url", label: "Video URL" },
  { key: "duration", label: "Duration (Seconds)", type: "number" },
  { key: "resolution", label: "Resolution" },
  { key: "failure_code", label: "Failure Code" },
  { key: "failure_reason", label: "Failure Reason" },
  { key: "waiting_for_callback", label: "Waiting for Callback", type: "boolean" },
] as const
