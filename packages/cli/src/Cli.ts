import * as Command from "@effect/cli/Command"
import { mcpCommand } from "@happyhorse/mcp/cli"
import { makeQueueCommand } from "@happyhorse/queue/cli"
import * as Effect from "effect/Effect"
import { readBatch } from "./batch/BatchFile.js"
import { batch, resume, tasks } from "./commands/batch.js"
import { generate } from "./commands/generate.js"
import { estimate, providers, sandbox } from "./commands/info.js"
import { cancel, download, status, wait } from "./commands/query.js"
import { webhook } from "./commands/webhook.js"
import { VERSION } from "./version.js"

/** `happyhorse queue ...`: the same request files as `batch` (JSON Lines or CSV), run by BullMQ workers. */
const queue = makeQueueCommand({
  readRequests: (file) => Effect.map(readBatch(file), (items) => items.map(({ id, request }) => ({ id, request }))),
})


export const root = Command.make("happyhorse").pipe(
  Command.withDescription("Make HappyHorse videos through any gateway. With no HAPPYHORSE_API_KEY, generate runs on a built-in sandbox."),
  Command.withSubcommands([generate, status, wait, download, cancel, estimate, providers, batch, resume, tasks, sandbox, webhook, queue, mcpCommand]),
)

export { VERSION }

/** The CLI as an Effect over argv (process.argv shape: node, script, ...args). */
export const cli = Command.run(root, { name: "happyhorse", version: VERSION })
