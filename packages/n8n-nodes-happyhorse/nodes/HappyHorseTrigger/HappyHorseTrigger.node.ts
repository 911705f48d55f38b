import type {
  ICredentialTestFunctions,
  ICredentialsDecrypted,
  IHookFunctions,
  INodeCredentialTestResult,
  INodeType,
  INodeTypeDescription,
  IWebhookFunctions,
  IWebhookResponseData,
} from "n8n-workflow"
import { NodeConnectionTypes } from "n8n-workflow"
import { defaultClientFactory, knobsFromEnv } from "../../shared/clientFactory.js"
import { testCredential } from "../../shared/credentials.js"
import { receiveCallback } from "./receiveCallback.js"
import { processRecentTasks } from "./recentTasks.js"

export class HappyHorseTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: "HappyHorse Trigger",
    name: "happyHorseTrigger",
    icon: { light: "file:../../icons/happyhorse.svg", dark: "file:../../icons/happyhorse.dark.svg" },
    group: ["trigger"],
    version: 1,
    subtitle: '={{ $parameter["event"] === "taskSucceeded" ? "On task succeeded" : "On task finished" }}',
    description: "Starts the workflow when an EvoLink or AceData Cloud HappyHorse task finishes",
    defaults: { name: "HappyHorse Trigger" },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: "happyHorseApi", required: true, testedBy: "happyHorseApiTest" }],
    // responseData "" makes n8n answer with the trigger's own response; left out, n8n 2.8 answers the
    // gateway with the literal text "firstEntryJson" whenever a workflow starts.
    webhooks: [{ name: "default", httpMethod: "POST", responseMode: "onReceived", responseData: "", path: "happyhorse" }],
    properties: [
      {
        displayName:
          "Put this trigger's production URL in the Callback URL of a HappyHorse node (EvoLink and AceData Cloud only). Each callback is checked by fetching the task from the gateway.",
        name: "notice",
        type: "notice",
        default: "",
      },
      {
        // n8n's node picker names a trigger's actions after a "Trigger On" property's options.
        displayName: "Trigger On",
        name: "event",
        type: "options",
        noDataExpression: true,
        options: [
          { name: "Task Finished", value: "taskFinished", action: "On task finished", description: "A task succeeded, failed or was canceled" },
          { name: "Task Succeeded", value: "taskSucceeded", action: "On task succeeded", description: "A task succeeded; failed and canceled ones are skipped" },
        ],
        default: "taskFinished",
      },
    ],
  }

  methods = {
    credentialTest: {
      async happyHorseApiTest(
        this: ICredentialTestFunctions,
        credential: ICredentialsDecrypted,
      ): Promise<INodeCredentialTestResult> {
        return testCredential(credential.data, defaultClientFactory, knobsFromEnv(process.env))
      },
    },
  }

  // Nothing to register: the callback URL travels with each task (the node's Callback URL field).
  webhookMethods = {
    default: {
      async checkExists(this: IHookFunctions): Promise<boolean> {
        return true
      },
      async create(this: IHookFunctions): Promise<boolean> {
        return true
      },
      async delete(this: IHookFunctions): Promise<boolean> {
        return true
      },
    },
  }

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    return receiveCallback(
      {
        workflowId: this.getWorkflow().id ?? "",
        body: this.getBodyData(),
        credentials: await this.getCredentials("happyHorseApi"),
        onlySucceeded: this.getNodeParameter("event", "taskFinished") === "taskSucceeded",
        staticData: this.getWorkflowStaticData("node"),
      },
      { makeClient: defaultClientFactory, knobs: knobsFromEnv(process.env), recent: processRecentTasks },
    )
  }
}
