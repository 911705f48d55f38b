import { parseArgs } from "node:util"
import { startSandbox } from "./Sandbox.js"

// happyhorse-sandbox --port 4010 --time-scale 60 [--seed 7] [--test-mode] [--fixed-seconds 30]
const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4010" },
    "time-scale": { type: "string", default: "1" },
    seed: { type: "string" },
    "test-mode": { type: "boolean", default: false },
    "fixed-seconds": { type: "string" },
    "cache-dir": { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
})

if (values.help) {
  process.stdout.write(
    "happyhorse-sandbox [--port 4010] [--time-scale 1] [--seed N] [--test-mode] [--fixed-seconds S] [--cache-dir DIR]\n",
  )
  process.exit(0)
}

const number = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined
  const value = Number(text)
  if (!Number.isFinite(value)) {
    process.stderr.write(`--${name} must be a number, got ${text}\n`)
    process.exit(2)
  }
  return value
}

const fixed = number("fixed-seconds", values["fixed-seconds"])
const sandbox = await startSandbox({
  port: number("port", values.port) ?? 4010,
  timeScale: number("time-scale", values["time-scale"]) ?? 1,
  ...(values.seed === undefined ? {} : { seed: values.seed }),
  testMode: values["test-mode"],
  ...(fixed === undefined ? {} : { durations: { fixedMs: fixed * 1000 } }),
  ...(values["cache-dir"] === undefined ? {} : { cacheDir: values["cache-dir"] }),
  logger: (event) => {
    if (event.level === "warn") process.stderr.write(`${event.message} ${JSON.stringify(event.data ?? {})}\n`)
  },
})

process.stdout.write(`HappyHorse sandbox on ${sandbox.origin}\n`)
for (const [name, url] of Object.entries(sandbox.urls)) process.stdout.write(`  ${name.padEnd(10)} ${url}\n`)
process.stdout.write(`  ledger     ${sandbox.origin}/__admin/ledger\n`)

const stop = () => {
  void sandbox.close().then(() => process.exit(0))
}
process.on("SIGINT", stop)
process.on("SIGTERM", stop)
