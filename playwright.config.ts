import { defineConfig, devices } from "@playwright/test";

// End-to-end tests drive Debian's Chromium against the production build on a fresh embedded
// database, exactly as a newcomer runs it (`npm start`: migrate, load the shipped data, serve).
const port = Number(process.env.E2E_PORT ?? 3210);
const dataDir = process.env.E2E_DATA_DIR ?? ".data/e2e-pglite";

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 900 } } },
    {
      name: "phone",
      use: { viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    },
  ],
  webServer: {
    command: `rm -rf ${dataDir} && npx tsx --conditions=react-server scripts/start.ts -p ${port} -H 127.0.0.1`,
    url: `http://127.0.0.1:${port}/kfuncs`,
    timeout: 300_000,
    reuseExistingServer: false,
    env: { KFUNC_DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: "" },
    stdout: "pipe",
    stderr: "pipe",
  },
});
