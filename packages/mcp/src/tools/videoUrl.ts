import { dialectFor } from "@happyhorse/core"
import { taskView } from "@happyhorse/core/surface"
import type { ToolEnv } from "./Tool.js"

/** The base URL the client talks to, for the kit's task view. */
export const baseUrlOf = (env: ToolEnv): string => env.connection.baseUrl ?? dialectFor(env.connection.gateway).defaultBaseUrl

/** A result URL as the user can open it: the kit joins a gateway's relative content path to the base URL. */
export const absoluteVideoUrl = (env: ToolEnv, taskId: string, videoUrl: string): string =>
  taskView({ taskId, gateway: env.connection.gateway, status: { _tag: "Succeeded", videoUrl }, rawStatus: "succeeded" }, { baseUrl: baseUrlOf(env) }).videoUrl ??
  videoUrl
