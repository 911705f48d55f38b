import * as path from "node:path"
import * as vscode from "vscode"

// VS Code 1.101 added MCP server definition providers. The extension still runs on older editors
// (engines ^1.95), so the API is looked up at run time and described here by the parts we use.

/** The fields of `vscode.McpStdioServerDefinition` the provider fills. */
export interface StdioServer {
  readonly label: string
  readonly command: string
  readonly args: Array<string>
  env: Record<string, string | number | null>
  readonly version?: string | undefined
}

type StdioServerClass = new (
  label: string,
  command: string,
  args?: Array<string>,
  env?: Record<string, string | number | null>,
  version?: string,
) => StdioServer

interface McpServerDefinitionProvider {
  readonly provideMcpServerDefinitions: () => Array<StdioServer>
  readonly resolveMcpServerDefinition: (server: StdioServer) => Promise<StdioServer>
}

interface McpLanguageModelApi {
  registerMcpServerDefinitionProvider(id: string, provider: McpServerDefinitionProvider): vscode.Disposable
}

/** The id in package.json's contributes.mcpServerDefinitionProviders. */
export const PROVIDER_ID = "happyhorse.mcpServers"

const hasMcpApi = (value: unknown): value is McpLanguageModelApi =>
  typeof value === "object" && value !== null && typeof Reflect.get(value, "registerMcpServerDefinitionProvider") === "function"

const isStdioServerClass = (value: unknown): value is StdioServerClass => typeof value === "function"

export interface ServerSettings {
  readonly provider: string
  readonly baseUrl: string
  /** Absolute: the only folder the server may write videos into. */
  readonly outputFolder: string
}

/**
 * How VS Code starts the bundled server: the editor's own Node (Electron run as Node), the
 * gateway and folder from the settings. The key is added only when the server starts.
 */
export const serverLaunch = (extensionPath: string, execPath: string, settings: ServerSettings) => ({
  command: execPath,
  args: [path.join(extensionPath, "dist", "mcp.cjs")],
  env: {
    ELECTRON_RUN_AS_NODE: "1",
    HAPPYHORSE_PROVIDER: settings.provider,
    HAPPYHORSE_MCP_DIR: settings.outputFolder,
    ...(settings.baseUrl === "" ? {} : { HAPPYHORSE_BASE_URL: settings.baseUrl }),
  },
})

/**
 * Registers the HappyHorse MCP server with VS Code, so agent mode finds it with no mcp.json.
 * Returns false on an editor without the API. `apiKey` reads SecretStorage when the server starts;
 * with no key the server runs on its sandbox and says so.
 */
export const registerMcpServer = (
  context: Pick<vscode.ExtensionContext, "extensionPath" | "subscriptions">,
  options: {
    readonly settings: () => ServerSettings
    readonly apiKey: (provider: string) => Promise<string | undefined>
    readonly version: string
  },
  /** The editor's API; tests hand in their own. */
  api: object = vscode,
): boolean => {
  const lm: unknown = Reflect.get(api, "lm")
  const StdioServer: unknown = Reflect.get(api, "McpStdioServerDefinition")
  if (!hasMcpApi(lm) || !isStdioServerClass(StdioServer)) return false
  const provider: McpServerDefinitionProvider = {
    provideMcpServerDefinitions: () => {
      const launch = serverLaunch(context.extensionPath, process.execPath, options.settings())
      return [new StdioServer("HappyHorse Video", launch.command, launch.args, launch.env, options.version)]
    },
    resolveMcpServerDefinition: async (server) => {
      const key = await options.apiKey(String(server.env["HAPPYHORSE_PROVIDER"] ?? ""))
      if (key !== undefined) server.env = { ...server.env, HAPPYHORSE_API_KEY: key }
      return server
    },
  }
  context.subscriptions.push(lm.registerMcpServerDefinitionProvider(PROVIDER_ID, provider))
  return true
}
