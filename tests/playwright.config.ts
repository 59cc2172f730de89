import { defineConfig, devices } from "@playwright/test";

const webPort = 3100;
const apiPort = 3101;
/** Point the suite at servers you already run (e.g. `next dev`) instead of starting its own. */
const externalBaseUrl = process.env.E2E_BASE_URL;
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Browser journeys against the production build: the API on its own port over a fresh SQLite file,
 * and the web origin (apps/web/server/main.mjs) proxying /api to it, as `npm start` runs them (on other ports, so a running app is
 * left alone).
 */
export default defineConfig({
  testDir: "./e2e",
  outputDir: "./.test-results/artifacts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: externalBaseUrl ?? `http://127.0.0.1:${webPort}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: chromium,
          // Without the background-networking flags Chromium keeps trying to reach the closed network.
          args: [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: externalBaseUrl
    ? []
    : [
        {
          command: "node support/start-api.mjs",
          url: `http://127.0.0.1:${apiPort}/api/health`,
          env: {
            API_PORT: String(apiPort),
            DATABASE_URL: "file:./data/e2e.db",
            // better-auth accepts sign-ins only from its public origin: the web server below.
            PUBLIC_URL: `http://127.0.0.1:${webPort}`,
          },
          reuseExistingServer: false,
          timeout: 60_000,
        },
        {
          command: `pnpm --filter @groundwork/web exec node server/main.mjs --port ${webPort} --hostname 127.0.0.1`,
          url: `http://127.0.0.1:${webPort}/api/health`,
          env: { API_ORIGINS: `http://127.0.0.1:${apiPort}`, NEXT_TELEMETRY_DISABLED: "1" },
          reuseExistingServer: false,
          timeout: 60_000,
        },
      ],
});
