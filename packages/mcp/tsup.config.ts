import { defineConfig } from "tsup"

export default defineConfig({
  // "cli" is the command alone: a program mounting it loads the MCP server only when `mcp` runs.
  entry: { index: "src/index.ts", cli: "src/command.ts", bin: "src/bin.ts" },
  format: ["esm"],
  dts: { entry: { index: "src/index.ts", cli: "src/command.ts" } },
  sourcemap: true,
  clean: true,
  splitting: true,
  target: "node20",
})
