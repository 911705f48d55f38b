// ttapi reply bodies (DashScope body format), as documented in shared/design/gateways.md.
export const submitted = (taskId: string) => ({ request_id: "req-1", output: { task_id: taskId, task_status: "PENDING" } })

export const status = (taskId: string, taskStatus: string, extra: Record<string, unknown> = {}) => ({
  request_id: "req-2",
  output: { task_id: taskId, task_status: taskStatus, ...extra },
})

export const succeeded = (taskId: string, url = "https://cdn.test/v.mp4") => ({
  request_id: "req-3",
  output: { task_id: taskId, task_status: "SUCCEEDED", video_url: url },
  usage: { duration: 5, output_video_duration: 5, SR: 720 },
})

export const failedReply = (message: string) => ({ status: "FAILED", message })
