import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, requireBrowser } from "./lib/capture/browser/path";
import { loadConfig } from "./lib/config";
import { ACCOUNTS, storageStateOf } from "./e2e/fixtures/accounts";

// Overridable so several checkouts (or engineers) can run the suite on one machine at once.
const PORT = Number(process.env.KURA_E2E_PORT ?? 3100);

export default defineConfig({
  testDir: "e2e",
  // One app and one database for the whole run; two cores are shared with the app and its capture browser.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  outputDir: ".kura/test-results",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 900 },
    launchOptions: { executablePath: requireBrowser(loadConfig().browserPath).path, args: CHROMIUM_ARGS },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "accounts", testMatch: /auth\.setup\.ts/ },
    // Every spec runs signed in as the admin unless it asks for another account (see e2e/access.spec.ts).
    { name: "app", dependencies: ["accounts"], testIgnore: /scale-out\.spec\.ts/, use: { storageState: storageStateOf("admin") } },
    // Its own deployment (web tier + two workers on PostgreSQL and an S3 server), started by the spec itself.
    { name: "scale-out", testMatch: /scale-out\.spec\.ts/ },
  ],
  webServer: {
    command: "node scripts/serve-e2e.mjs",
    url: `http://127.0.0.1:${PORT}/tags`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(PORT),
      KURA_DATA_DIR: `.kura/e2e-data-${PORT}`,
      KURA_ALLOWED_HOSTS: "127.0.0.1",
      KURA_NETWORK_IDLE_MS: "300",
      KURA_ADMIN_EMAIL: ACCOUNTS.admin.email,
      KURA_ADMIN_PASSWORD: ACCOUNTS.admin.password,
    },
  },
});
