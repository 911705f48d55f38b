// n8n's community-node rules. The self-hosted set (recommendedWithoutN8nCloudSupport): the bundled
// Effect runtime schedules its waits with timers, which the n8n Cloud set forbids.
import { n8nCommunityNodesPlugin } from "@n8n/eslint-plugin-community-nodes"
import tseslint from "typescript-eslint"

export default [
  { ignores: ["dist/**", "node_modules/**", "test/**", "scripts/**", "types/**", "*.config.*"] },
  {
    files: ["**/*.ts"],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport,
]
