/**
 * @happyhorse/mcp: HappyHorse as MCP tools (generate_video, get_task, download_video,
 * estimate_cost, list_gateways) over stdio or Streamable HTTP.
 */
export { mcpCommand, DEFAULT_HTTP_PORT } from "./command.js"
export { type ServeOptions, serve, tools } from "./serve.js"
export { type Connection, resolveConnection, SANDBOX_TIME_SCALE, StartupError } from "./config/Connection.js"
export { SERVER_NAME, SERVER_VERSION } from "./server/McpHost.js"
export type { CallContext, ToolEnv, ToolSpec } from "./tools/Tool.js"
export type { ToolOutcome } from "./tools/ToolResult.js"
