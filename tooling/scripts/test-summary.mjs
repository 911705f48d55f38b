// Prints vitest's totals as one plain line, for readers of CI logs that know no vitest.
import { existsSync, readFileSync } from "node:fs"

const file = process.argv[2] ?? ".vitest/results.json"
if (!existsSync(file)) {
  console.log("tests: no results file; the suite did not run to the end")
  process.exit(0)
}
const r = JSON.parse(readFileSync(file, "utf8"))
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`)
