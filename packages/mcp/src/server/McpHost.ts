import * as McpSchema from "@effect/ai/McpSchema"
import * as McpServer from "@effect/ai/McpServer"
import * as RpcServer from "@effect/rpc/RpcServer"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { pathToFileURL } from "node:url"
import { basename } from "node:path"
import type { Bridge } from "../protocol/JsonRpcBridge.js"
import type { ToolSpec } from "../tools/Tool.js"
import { failed, type ToolOutcome } from "../tools/ToolResult.js"

export const SERVER_NAME = "happyhorse"
export const SERVER_VERSION = "0.1.0"

const toResult = (outcome: ToolOutcome, links: boolean, redact: (text: string) => string): McpSchema.CallToolResult => {
  const data: unknown = JSON.parse(redact(JSON.stringify(outcome.data)))
  const content: Array<typeof McpSchema.ContentBlock.Type> = [
    { type: "text", text: redact(outcome.summary) },
    { type: "text", text: JSON.stringify(data) },
  ]
  if (links && outcome.file !== undefined) {
    content.push({
      type: "resource_link",
      uri: pathToFileURL(outcome.file.path).href,
      name: basename(outcome.file.path),
      mimeType: "video/mp4",
      size: outcome.file.bytes,
    })
  }
  return new McpSchema.CallToolResult({ isError: outcome.isError, content, structuredContent: data })
}

/**
 * The @effect/ai MCP server with our tools. Its own `tools/call` hands a tool only the
 * arguments; ours also reads the request's progress token, so each tool reports progress for
 * its own call, and learns whether this client takes resource links.
 */
const makeServer = (bridge: Bridge, tools: ReadonlyArray<ToolSpec>, redact: (text: string) => string) =>
  Effect.gen(function* () {
    const server = yield* McpServer.McpServer.make
    const byName = new Map(tools.map((tool) => [tool.name, tool]))
    for (const tool of tools) {
      yield* server.addTool({
        tool: new McpSchema.Tool({
          name: tool.name,
          title: tool.title,
          description: tool.description,
          inputSchema: tool.inputSchema,
          annotations: new McpSchema.ToolAnnotations({
            title: tool.title,
            readOnlyHint: tool.readOnly,
            destructiveHint: false,
            idempotentHint: tool.idempotent,
            openWorldHint: true,
          }),
        }),
        handle: () => Effect.dieMessage(`${tool.name} is called through callTool`),
      })
    }
    const callTool: McpServer.McpServer["Type"]["callTool"] = (request) => {
      const tool = byName.get(request.name)
      if (tool === undefined) return server.callTool(request)
      const token = request._meta?.progressToken
      let last = 0
      const progress = (value: number, message: string) =>
        Effect.suspend(() => {
          const rounded = Math.min(100, Math.round(value * 100) / 100)
          if (token === undefined || rounded <= last) return Effect.void
          last = rounded
          return server.notifications["notifications/progress"]({ progressToken: token, progress: rounded, total: 100, message: redact(message) }).pipe(
            Effect.ignore,
          )
        })
      return Effect.gen(function* () {
        const client = yield* McpSchema.McpServerClient
        yield* Effect.logDebug(`tools/call ${tool.name}`)
        const outcome = yield* tool.run(request.arguments ?? {}, { progress }).pipe(
          Effect.catchAllDefect((defect) =>
            Effect.as(Effect.logError(`${tool.name} failed unexpectedly`, defect), failed(`${tool.name} failed unexpectedly; the server keeps running.`)),
          ),
        )
        return toResult(outcome, bridge.acceptsResourceLinks(client.clientId), redact)
      })
    }
    return McpServer.McpServer.of({
      get notifications() {
        return server.notifications
      },
      get notificationsMailbox() {
        return server.notificationsMailbox
      },
      get initializedClients() {
        return server.initializedClients
      },
      get tools() {
        return server.tools
      },
      addTool: server.addTool,
      callTool,
      get resources() {
        return server.resources
      },
      addResource: server.addResource,
      get resourceTemplates() {
        return server.resourceTemplates
      },
      addResourceTemplate: server.addResourceTemplate,
      findResource: server.findResource,
      get prompts() {
        return server.prompts
      },
      addPrompt: server.addPrompt,
      getPromptResult: server.getPromptResult,
      completion: server.completion,
    })
  })

/** The running MCP server: answers every client the bridge attaches, until the scope closes. */
export const layer = (bridge: Bridge, tools: ReadonlyArray<ToolSpec>, redact: (text: string) => string): Layer.Layer<never> =>
  Layer.scopedDiscard(Effect.forkScoped(McpServer.run({ name: SERVER_NAME, version: SERVER_VERSION }))).pipe(
    Layer.provide(Layer.scoped(McpServer.McpServer, makeServer(bridge, tools, redact))),
    Layer.provide(Layer.succeed(RpcServer.Protocol, bridge.protocol)),
  )
