import * as path from "node:path"
import * as vscode from "vscode"
import { COMMAND_IDS, type Engine, isEngineModule } from "./engineApi.js"
import { registerMcpServer } from "./mcp/mcpServerProvider.js"
import { mcpServerOptions } from "./mcp/mcpServerOptions.js"

let engine: Engine | undefined

/**
 * Activation only registers the commands. The engine (Effect, the core, the views) is a separate
 * bundle, loaded right after activation returns or by the first command, whichever comes first.
 */
export function activate(context: vscode.ExtensionContext): void {
  const load = (): Engine => {
    if (engine === undefined) {
      const loaded: unknown = require(path.join(context.extensionPath, "dist", "engine.cjs"))
      if (!isEngineModule(loaded)) throw new Error("dist/engine.cjs does not export start")
      engine = loaded.start(context)
    }
    return engine
  }
  for (const id of COMMAND_IDS) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (arg: unknown) => load().run(id, arg)))
  }
  // Agent mode finds the MCP server without an mcp.json, on editors that have the API.
  registerMcpServer(context, mcpServerOptions(context))
  // The view, the status bar and resumed tasks appear as soon as the host is free.
  setTimeout(load, 0)
}

export async function deactivate(): Promise<void> {
  await engine?.dispose()
  engine = undefined
}
