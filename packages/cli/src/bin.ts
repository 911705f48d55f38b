import { QUICK_HELP } from "./quickHelp.js"

const args = process.argv.slice(2)
if (args.length === 0 || (args.length === 1 && (args[0] === "--help" || args[0] === "-h"))) {
  process.stdout.write(QUICK_HELP)
} else if (args.length === 1 && args[0] === "--version") {
  process.stdout.write("0.1.0\n")
} else {
  const { main } = await import("./main.js")
  main(process.argv)
}
