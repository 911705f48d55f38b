import { taskView, verifyCallbackPromise } from "@happyhorse/core/surface"
import * as Either from "effect/Either"
import type { IDataObject, IWebhookResponseData } from "n8n-workflow"
import { type ClientFactory, clientOptions, type TestKnobs } from "../../shared/clientFactory.js"
import { decodeCredentials } from "../../shared/credentials.js"
import { type HandledTasks, remember } from "./recentTasks.js"

export interface CallbackInput {
  /** Scopes duplicate detection in this process to one workflow. */
  readonly workflowId: string
  readonly body: unknown
  readonly credentials: unknown
  readonly onlySucceeded: boolean
  /** The trigger node's workflow static data: n8n saves it after the call, so it outlives a restart. */
  readonly staticData: IDataObject
}

/** One callback in, at most one workflow run out: only for a task the gateway confirms is over. */
export const receiveCallback = async (
  input: CallbackInput,
  services: { readonly makeClient: ClientFactory; readonly knobs: TestKnobs; readonly recent: HandledTasks },
): Promise<IWebhookResponseData> => {
  const credentials = decodeCredentials(input.credentials)
  if (Either.isLeft(credentials)) {
    return { webhookResponse: { received: true, started: false, reason: "the HappyHorse API credential is incomplete" } }
  }
  const client = services.makeClient(clientOptions(credentials.right, services.knobs))
  // The kit's rule: the body only names a task; the gateway's own reading of it is the result.
  const verdict = await verifyCallbackPromise(client, input.body).finally(() => client.dispose())
  if (verdict._tag !== "Verified") return { webhookResponse: { received: true, started: false, reason: verdict.reason } }
  const { taskId, gateway } = verdict.snapshot
  if (!remember(input.staticData, services.recent, input.workflowId, `${gateway}:${taskId}`)) {
    return { webhookResponse: { received: true, started: false, reason: `task ${taskId} was already handled (a resent callback)` } }
  }
  if (input.onlySucceeded && verdict.snapshot.status._tag !== "Succeeded") {
    return { webhookResponse: { received: true, started: false, reason: `task ${taskId} did not succeed` } }
  }
  const view: IDataObject = {}
  for (const [key, value] of Object.entries(taskView(verdict.snapshot, { baseUrl: client.baseUrl }))) if (value !== null) view[key] = value
  return { webhookResponse: { received: true, started: true }, workflowData: [[{ json: view }]] }
}
