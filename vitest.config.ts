import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // Generated clients import the shared runtime by its package name; in the repository that is
  // the runtime generate wrote (packages are not npm workspaces, so nothing is linked).
  resolve: { alias: { "@agentstop/runtime": fileURLToPath(new URL("./generated/runtime/src/index.ts", import.meta.url)) } },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Live tests start servers and child processes; two workers fit these two-core machines.
    maxWorkers: 2,
  },
});
