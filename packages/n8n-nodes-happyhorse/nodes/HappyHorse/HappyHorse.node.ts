import type {
  ICredentialTestFunctions,
  ICredentialsDecrypted,
  ILoadOptionsFunctions,
  IExecuteFunctions,
  INodeCredentialTestResult,
  INodeExecutionData,
  INodePropertyOptions,
  INodeType,
  INodeTypeDescription,
} from "n8n-workflow"
import { NodeConnectionTypes } from "n8n-workflow"
import { defaultClientFactory, knobsFromEnv } from "../../shared/clientFactory.js"
import * as Either from "effect/Either"
import { decodeCredentials, testCredential } from "../../shared/credentials.js"
import { fieldOptions } from "../../shared/fieldOptions.js"
import { nodeProperties, nodeSubtitle } from "./description.js"
import { runItems } from "./runItems.js"

export class HappyHorse implements INodeType {
  description: INodeTypeDescription = {
    displayName: "HappyHorse",
    name: "happyHorse",
    icon: { light: "file:../../icons/happyhorse.svg", dark: "file:../../icons/happyhorse.dark.svg" },
    group: ["transform"],
    version: 1,
    subtitle: nodeSubtitle,
    description: "Generate and edit videos with HappyHorse through ttapi, TokenBay, EvoLink, AceData Cloud or DashScope",
    defaults: { name: "HappyHorse" },
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    usableAsTool: true,
    credentials: [{ name: "happyHorseApi", required: true, testedBy: "happyHorseApiTest" }],
    properties: nodeProperties,
  }

  methods = {
    loadOptions: {
      async getRatios(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
        const credentials = decodeCredentials(await this.getCredentials("happyHorseApi"))
        const operation = this.getCurrentNodeParameter("operation")
        if (Either.isLeft(credentials) || typeof operation !== "string") return []
        return fieldOptions(credentials.right.gateway, operation, "ratio")
      },
    },
    credentialTest: {
      async happyHorseApiTest(
        this: ICredentialTestFunctions,
        credential: ICredentialsDecrypted,
      ): Promise<INodeCredentialTestResult> {
        return testCredential(credential.data, defaultClientFactory, knobsFromEnv(process.env))
      },
    },
  }

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return runItems(
      {
        node: this.getNode(),
        items: this.getInputData(),
        param: (name, itemIndex, fallback) => this.getNodeParameter(name, itemIndex, fallback),
        credentials: () => this.getCredentials("happyHorseApi"),
        continueOnFail: () => this.continueOnFail(),
        signal: this.getExecutionCancelSignal(),
        toBinary: (stream, fileName, mimeType) => this.helpers.prepareBinaryData(stream, fileName, mimeType),
      },
      { makeClient: defaultClientFactory, knobs: knobsFromEnv(process.env) },
    )
  }
}
