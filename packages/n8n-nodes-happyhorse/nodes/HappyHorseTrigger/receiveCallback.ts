import * as Either from "effect/Either"
import type { IWebhookResponseData } from "n8n-workflow"
import type { ClientFactory, TestKnobs } from "../../shared/clientFactory.js"
import { decodeCredentials } from "../../shared/credentials.js"
import { taskJson } from "../../shared/taskJson.js"
import type { RecentTasks } from "./recentTasks.js"
import { verifyCallback } from "./verifyCallback.js"

export interface CallbackInput {
  /** Scopes duplicate detection to one workflow. */
  readonly workflowId: string
  readonly body: unknown
  readonly credentials: unknown
  readonly onlySucceeded: boolean
}

/** One callback in, at most one workflow run out: only for a task the gateway confirms is over. */
export const receiveCallback = async (
  input: CallbackInput,
  services: { readonly makeClient: ClientFactory; readonly knobs: TestKnobs; readonly recent: RecentTasks },
): Promise<IWebhookResponseData> => {
  const credentials = decodeCredentials(input.credentials)
  if (Either.isLeft(credentials)) {
    return { webhookResponse: { received: true, started: false, reason: "the HappyHorse API credential is incomplete" } }
  }
  const verdict = await verifyCallback(input.body, credentials.right, services.makeClient, services.knobs)
  if (verdict._tag !== "Verified") return { webhookResponse: { received: true, started: false, reason: verdict.reason } }
  const { taskId, gateway } = verdict.snapshot
  if (!services.recent.claim(`${input.workflowId}:${gateway}:${taskId}`)) {
    return { webhookResponse: { received: true, started: false, reason: `task ${taskId} was already handled (a resent callback)` } }
  }
  if (input.onlySucceeded && verdict.snapshot.status._tag !== "Succeeded") {
    return { webhookResponse: { received: true, started: false, reason: `task ${verdict.snapshot.taskId} did not succeed` } }
  }
  return {
    webhookResponse: { received: true, started: true },
    workflowData: [[{ json: taskJson(verdict.snapshot) }]],
  }
}
