import { test as base, expect } from "@playwright/test";

// Every page must load without a console error or an uncaught exception.
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() !== "error") return;
        // A page that is meant to answer 404 (a not-found page) logs its own status: not an error.
        const document = message.location().url === page.url() && /status of 404/.test(message.text());
        // The browser logs every 4xx it fetches; /check shows the check API's 400 as its message.
        const refusedInput =
          new URL(message.location().url || "http://x/").pathname === "/api/v1/check" &&
          /status of 400/.test(message.text());
        if (!document && !refusedInput) errors.push(message.text());
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await use(errors);
      expect(errors, "console errors on the page").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * What a search for "cpumask" finds in the tests' catalog (e2e/fixtures/catalog), by name or by
 * prototype: scx_bpf_pick_idle_cpu takes a `const struct cpumask *`.
 */
export const CPUMASK_MATCHES = [
  "bpf_cpumask_acquire",
  "bpf_cpumask_create",
  "bpf_cpumask_populate",
  "bpf_cpumask_release",
  "bpf_cpumask_test_cpu",
  "scx_bpf_pick_idle_cpu",
];
