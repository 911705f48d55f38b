import type { GatewayName } from "@happyhorse/core"
import * as vscode from "vscode"
import { ApiKeys } from "../secrets/ApiKeys.js"
import { outputFolder } from "../settings/outputFolder.js"
import type { ServerSettings } from "./mcpServerProvider.js"

// Only the names, checked against the core's type: activation must not load the core itself.
const GATEWAYS = ["ttapi", "tokenbay", "evolink", "acedata", "dashscope"] as const satisfies ReadonlyArray<GatewayName>
const isGateway = (name: string): name is GatewayName => GATEWAYS.some((g) => g === name)

const text = (config: vscode.WorkspaceConfiguration, key: string, fallback: string): string => {
  const value: unknown = config.get(key)
  return typeof value === "string" && value.trim() !== "" ? value.trim() : fallback
}

/**
 * The MCP server follows the extension's settings and key: the same gateway, base URL, video
 * folder and SecretStorage key as the commands. Read raw here, so activation loads no Effect.
 */
export const mcpServerOptions = (context: vscode.ExtensionContext) => {
  const keys = new ApiKeys(context.secrets, process.env)
  return {
    settings: (): ServerSettings => {
      const config = vscode.workspace.getConfiguration("happyhorse")
      return {
        provider: text(config, "provider", "ttapi"),
        baseUrl: text(config, "baseUrl", ""),
        outputFolder: outputFolder(
          text(config, "outputDir", "happyhorse-videos"),
          vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
          context.globalStorageUri.fsPath,
        ),
      }
    },
    apiKey: async (provider: string): Promise<string | undefined> => {
      return isGateway(provider) ? (await keys.get(provider))?.apiKey : undefined
    },
    version: String(context.extension.packageJSON.version ?? "0.1.0"),
  }
}
