import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Live tests start servers and child processes; two workers fit these two-core machines.
    maxWorkers: 2,
  },
});
