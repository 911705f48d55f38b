// The top-level help, printed without loading the CLI framework: `happyhorse --help` must start fast.
import { VERSION } from "./version.js"

export const QUICK_HELP = `happyhorse ${VERSION}: make HappyHorse videos through any gateway.

USAGE
  happyhorse <command> [options]

COMMANDS
  generate <prompt>   Make a video (--image: image-to-video, --ref: reference-to-video, --video: edit).
                      With no HAPPYHORSE_API_KEY it runs on a built-in sandbox and says so.
  status <task-id>    Show a task's status once.
  wait <task-id>      Wait for a task to finish.
  download <task-id>  Download a finished task's video (resumes a cut download).
  cancel <task-id>    Cancel a task, where the gateway can.
  estimate [prompt]   Print the cost of a request or of --file <batch>; spends nothing.
  providers           Print what each gateway supports.
  batch <file>        Run a .jsonl or .csv batch: concurrency, adaptive rate, budget cap, journal, reports.
  resume              Continue every unfinished task in the journal without submitting it again.
  tasks               List what the journal holds.
  sandbox             Serve the gateway emulator on a local port.
  webhook             Receive EvoLink and AceData callbacks, verified against the gateway.
  queue <command>     Run requests across many workers on BullMQ and Redis: add, worker, status, in-doubt, resolve.
  mcp                 Serve the tools to AI assistants and editor agents over MCP (stdio; --http for 127.0.0.1).

ENVIRONMENT
  HAPPYHORSE_API_KEY    The gateway key (or apiKey in ~/.config/happyhorse/config.json); never a flag.
  HAPPYHORSE_PROVIDER   ttapi, tokenbay (openai-compatible), evolink, acedata or dashscope.
  HAPPYHORSE_BASE_URL   The gateway's origin, when not its documented one.

EXIT CODES
  0 ok, 2 user error, 3 gateway error, 4 timeout, 5 submit in doubt, 1 internal error.

Run \`happyhorse <command> --help\` for a command's options.
`
