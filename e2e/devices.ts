import { devices, type PlaywrightTestOptions } from "@playwright/test";

// The two widths every page is tested and photographed at. (Chromium is the only browser, so the
// desktop device leaves out its defaultBrowserType: a spec may then `test.use()` it in a group.)
const { defaultBrowserType: _, ...desktopChrome } = devices["Desktop Chrome"];

export const desktop: Partial<PlaywrightTestOptions> = {
  ...desktopChrome,
  viewport: { width: 1280, height: 900 },
};

export const phone: Partial<PlaywrightTestOptions> = {
  viewport: { width: 360, height: 780 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};
