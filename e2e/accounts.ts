// The maintainer account the end-to-end server starts with: made by `kfunc users add` before the
// server starts (playwright.config.ts), as the README tells an operator to make the first accounts.
export const E2E_MAINTAINER = {
  email: "maintainer@e2e.example.org",
  password: "e2e maintainer password",
} as const;
