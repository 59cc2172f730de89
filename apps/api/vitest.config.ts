import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites share nothing but each opens databases and servers: one file at a time keeps the
    // 2-core machine's timings calm.
    fileParallelism: false,
  },
});
