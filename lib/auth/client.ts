"use client";
// The browser's side of sign-in: talks to /api/auth/* on this origin (rate-limited, origin-checked).
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient();

export { safeReturnPath } from "./return-path";
