import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // Generated packages import each other by name (clients the runtime, the umbrella every
  // provider); in the repository that is the sources generate wrote (packages are not npm
  // workspaces, so nothing is linked).
  resolve: { alias: [{ find: /^@agentstop\/([a-z0-9-]+)$/, replacement: fileURLToPath(new URL("./generated/$1/src/index.ts", import.meta.url)) }] },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Live tests start servers and child processes; two workers fit these two-core machines.
    maxWorkers: 2,
  },
});
