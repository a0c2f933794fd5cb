import { defineConfig, type PlaywrightTestConfig } from "@playwright/test";
import { E2E_MAINTAINER } from "./e2e/accounts";
import { desktop, phone } from "./e2e/devices";

// End-to-end tests drive Debian's Chromium against the production build on a fresh embedded
// database, as a newcomer runs it (`npm start`: migrate, load the catalog, serve). The catalog is
// the tests' own (e2e/fixtures/catalog), so a refresh of the shipped data/ changes nothing here.
// playwright.screenshots.config.ts reuses these settings for `npm run screenshots`.
const port = Number(process.env.E2E_PORT ?? 3210);

export const use: PlaywrightTestConfig["use"] = {
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
};

/** `npm start` on a fresh embedded database in `dataDir`, seeded from `catalogDir`. */
type WebServer = Extract<NonNullable<PlaywrightTestConfig["webServer"]>, { command: string }>;

export function webServer(dataDir: string, catalogDir: string): WebServer {
  return {
    command: `rm -rf ${dataDir} && npx tsx --conditions=react-server scripts/start.ts -p ${port} -H 127.0.0.1`,
    url: `http://127.0.0.1:${port}/kfuncs`,
    timeout: 300_000,
    reuseExistingServer: false,
    env: {
      KFUNC_DATA_DIR: dataDir,
      KFUNC_CATALOG_DIR: catalogDir,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: "",
    },
    stdout: "pipe",
    stderr: "pipe",
  };
}

const GOVERNANCE_SPECS = /governance.*\.spec\.ts$/;
const governancePort = port + 1;

/**
 * The governance specs' server: the same build (the first web server builds it), a database of its
 * own with the maintainer account. Started after the first, so the build is there.
 */
function governanceServer(dataDir: string): WebServer {
  const base = webServer(dataDir, "e2e/fixtures/catalog");
  return {
    ...base,
    command: [
      `rm -rf ${dataDir}`,
      "npx tsx --conditions=react-server scripts/db-setup.ts",
      `printf '%s\\n' '${E2E_MAINTAINER.password}' | node bin/kfunc users add ${E2E_MAINTAINER.email} --role maintainer --name 'Mia Maintainer'`,
      `node node_modules/next/dist/bin/next start -p ${governancePort} -H 127.0.0.1`,
    ].join(" && "),
    url: `http://127.0.0.1:${governancePort}/kfuncs`,
  };
}

export default defineConfig({
  testDir: "e2e",
  // Screenshots assert nothing: `npm run screenshots` takes them (playwright.screenshots.config.ts).
  testIgnore: "screenshots.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use,
  projects: [
    // A project's testIgnore replaces the top-level one: the screenshots stay out here too.
    { name: "desktop", use: desktop, testIgnore: [GOVERNANCE_SPECS, "screenshots.spec.ts"] },
    { name: "phone", use: phone, testIgnore: [GOVERNANCE_SPECS, "screenshots.spec.ts"] },
    // The specs that write (accounts, proposals, decisions) change what the others read: they get
    // a server and a database of their own.
    {
      name: "governance",
      use: { ...desktop, baseURL: `http://127.0.0.1:${governancePort}` },
      testMatch: GOVERNANCE_SPECS,
    },
  ],
  webServer: [
    webServer(process.env.E2E_DATA_DIR ?? ".data/e2e-pglite", "e2e/fixtures/catalog"),
    governanceServer(`${process.env.E2E_DATA_DIR ?? ".data/e2e-pglite"}-governance`),
  ],
});
