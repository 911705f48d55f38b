import { defineProject } from "vitest/config"

export default defineProject({
  resolve: { conditions: ["@happyhorse/source"] },
  ssr: { resolve: { conditions: ["@happyhorse/source"] } },
  test: {
    name: "release",
    include: ["test/**/*.test.ts"],
    // npm installs from a registry, a native build of better-sqlite3 and a real n8n: minutes, not seconds.
    testTimeout: 1_200_000,
    hookTimeout: 1_200_000,
  },
})
