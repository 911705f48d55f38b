import { defineConfig } from "tsup"

export default defineConfig({
  // "cli" is the command alone: a program mounting it loads BullMQ only when a queue command runs.
  entry: { index: "src/index.ts", cli: "src/cli/queueCommand.ts", bin: "src/bin.ts" },
  format: ["esm"],
  dts: { entry: { index: "src/index.ts", cli: "src/cli/queueCommand.ts" } },
  sourcemap: true,
  clean: true,
  splitting: true,
  target: "node20",
})
