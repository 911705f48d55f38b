import { fileURLToPath } from "node:url"
import { defineProject } from "vitest/config"

export default defineProject({
  resolve: {
    conditions: ["@happyhorse/source"],
    // Unit tests run outside an editor: `vscode` is a small hand-written fake.
    alias: { vscode: fileURLToPath(new URL("./test/mocks/vscode.ts", import.meta.url)) },
  },
  ssr: { resolve: { conditions: ["@happyhorse/source"] } },
  test: {
    name: "vscode",
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
  },
})
