import { defineConfig } from "vitest/config";

// Generation over the demo course takes about half a second; on a loaded CI machine several times that.
export default defineConfig({ test: { testTimeout: 30_000, hookTimeout: 60_000 } });
