import type { TaskSnapshot } from "@happyhorse/core"
import type { IDataObject } from "n8n-workflow"

/** A task reading as an item's JSON: a lower-case status plus what that status carries. */
export const taskJson = (snapshot: TaskSnapshot): IDataObject => {
  const status = snapshot.status
  const base: IDataObject = {
    taskId: snapshot.taskId,
    gateway: snapshot.gateway,
    status: status._tag.toLowerCase(),
    rawStatus: snapshot.rawStatus,
  }
  switch (status._tag) {
    case "Running":
      return status.progress === undefined ? base : { ...base, progress: status.progress }
    case "Succeeded":
      return {
        ...base,
        videoUrl: status.videoUrl,
        ...(status.duration === undefined ? {} : { duration: status.duration }),
        ...(status.resolution === undefined ? {} : { resolution: status.resolution }),
      }
    case "Failed":
      return { ...base, reason: status.reason, ...(status.code === undefined ? {} : { code: status.code }) }
    default:
      return base
  }
}
