import { defineProject } from "vitest/config"

export default defineProject({
  resolve: { conditions: ["@happyhorse/source"] },
  ssr: { resolve: { conditions: ["@happyhorse/source"] } },
  test: {
    name: "mcp",
    include: ["test/**/*.test.ts"],
    testTimeout: 240_000,
    hookTimeout: 60_000,
  },
})
