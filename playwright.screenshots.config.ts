import { defineConfig } from "@playwright/test";
import { use, webServer } from "./playwright.config";

// `npm run screenshots`: the README's images (docs/screenshots) and a look at every page
// (e2e/screenshots, not committed) at the desktop and phone widths (e2e/devices.ts), on the
// shipped data. Not part of `npm test` or CI: nothing here asserts anything.
export default defineConfig({
  testDir: "e2e",
  testMatch: "screenshots.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  timeout: 60_000,
  use,
  webServer: webServer(process.env.E2E_DATA_DIR ?? ".data/screenshots-pglite", "data"),
});
