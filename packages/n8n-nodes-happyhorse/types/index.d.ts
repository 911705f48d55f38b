// Declarations for dist/index.js. n8n loads the classes by path; these types are for code that imports them.
import type {
  ICredentialTestFunctions,
  ICredentialType,
  ICredentialsDecrypted,
  ILoadOptionsFunctions,
  IExecuteFunctions,
  IHookFunctions,
  INodeCredentialTestResult,
  INodeExecutionData,
  INodeProperties,
  INodePropertyOptions,
  INodeType,
  INodeTypeDescription,
  IWebhookFunctions,
  IWebhookResponseData,
} from "n8n-workflow"

export declare class HappyHorseApi implements ICredentialType {
  name: string
  displayName: string
  icon: { readonly light: "file:../icons/happyhorse.svg"; readonly dark: "file:../icons/happyhorse.dark.svg" }
  documentationUrl: string
  properties: INodeProperties[]
}

export declare class HappyHorse implements INodeType {
  description: INodeTypeDescription
  methods: {
    loadOptions: {
      getRatios(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]>
    }
    credentialTest: {
      happyHorseApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult>
    }
  }
  execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]>
}

export declare class HappyHorseTrigger implements INodeType {
  description: INodeTypeDescription
  methods: {
    credentialTest: {
      happyHorseApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult>
    }
  }
  webhookMethods: {
    default: {
      checkExists(this: IHookFunctions): Promise<boolean>
      create(this: IHookFunctions): Promise<boolean>
      delete(this: IHookFunctions): Promise<boolean>
    }
  }
  webhook(this: IWebhookFunctions): Promise<IWebhookResponseData>
}
