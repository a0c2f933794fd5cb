import { describe, expect, it } from "vitest";
import { errorToResponse } from "../api/http";
import { DATABASE_UNAVAILABLE, DatabaseUnavailableError, isDatabaseUnavailable } from "./unavailable";

// What pg, the Prisma adapter and Prisma throw when the server is down, restarting or gone
// (shapes seen in test/faults/db-restart.test.ts), against errors that are the caller's or a bug.
const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), {
  code: "ECONNREFUSED",
  syscall: "connect",
  errno: -111,
});
const adminShutdown = Object.assign(new Error("terminating connection due to administrator command"), {
  code: "57P01",
  severity: "FATAL",
});
const prismaWrapped = Object.assign(new Error("Invalid `prisma.kfunc.count()` invocation: Database error"), {
  code: "P2010",
  meta: { driverAdapterError: { cause: { kind: "postgres", originalCode: "57P01" } } },
});
const startingUp = Object.assign(new Error("the database system is starting up"), { code: "57P03" });

describe("isDatabaseUnavailable", () => {
  it.each([
    ["a refused connection", refused],
    ["an administrator shutdown", adminShutdown],
    ["a server starting up", startingUp],
    ["Prisma's wrapping of a driver error", prismaWrapped],
    [
      "Prisma's unreachable server",
      Object.assign(new Error("Can't reach database server at x"), { code: "P1001" }),
    ],
    ["a lost connection", new Error("Connection terminated unexpectedly")],
    ["an open failure with its cause", new Error("Could not connect to postgresql://x", { cause: refused })],
    ["connecting to every address refused", new AggregateError([refused, refused], "")],
    ["already classified", new DatabaseUnavailableError(refused)],
  ])("recognises %s", (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["a unique violation", Object.assign(new Error("duplicate key"), { code: "23505" })],
    ["a syntax error", Object.assign(new Error("syntax error at or near"), { code: "42601" })],
    ["a bug", new TypeError("cannot read properties of undefined")],
    ["a thrown string", "ECONNREFUSED"],
    ["a message that only mentions a socket error", new Error("connect ECONNREFUSED /secret/path")],
  ])("leaves %s alone", (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe("an unavailable database through the API", () => {
  it("answers 503 with a JSON error, Retry-After and no details", async () => {
    const response = errorToResponse(prismaWrapped);
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const body = await response.json();
    expect(body).toEqual({
      error: { code: "unavailable", message: "The database is unavailable; try again shortly." },
    });
  });

  it("tags page errors with the digest app/error.tsx reads", () => {
    expect(new DatabaseUnavailableError(refused).digest).toBe(DATABASE_UNAVAILABLE);
  });
});
