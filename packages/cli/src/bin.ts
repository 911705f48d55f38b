import { QUICK_HELP } from "./quickHelp.js"
import { VERSION } from "./version.js"

const args = process.argv.slice(2)
if (args.length === 0 || (args.length === 1 && (args[0] === "--help" || args[0] === "-h"))) {
  process.stdout.write(QUICK_HELP)
} else if (args.length === 1 && args[0] === "--version") {
  process.stdout.write(`${VERSION}\n`)
} else {
  const { main } = await import("./main.js")
  main(process.argv)
}
