import { describe, expect, it } from "vitest";
import { cachedRouteFor, decodeView, encodeView } from "./cached-routes";

const route = (url: string, signedIn = false) => {
  const { pathname, searchParams } = new URL(url, "http://127.0.0.1");
  return cachedRouteFor(pathname, searchParams, "42", signedIn);
};

describe("cachedRouteFor", () => {
  it("serves the catalog views and release reports from the cache, keyed by version and view", () => {
    expect(route("/")).toBe("/cached-view/42/overview");
    expect(route("/kfuncs")).toBe("/cached-view/42/kfuncs/-");
    expect(route("/matrix?b=2&a=1")).toBe(route("/matrix?a=1&b=2"));
    expect(route("/releases/v6.12")).toBe("/cached-view/42/release/v6.12/-");
    expect(route("/releases/v6.12?vs=v6.1", true)).toBe(
      `/cached-view/42/release/v6.12/${encodeView(new URLSearchParams("vs=v6.1"))}`,
    );
  });

  it("renders per request what is per user or not a view of the catalog", () => {
    expect(route("/kfuncs/bpf_task_acquire")).toBe("/cached-view/42/kfunc/bpf_task_acquire");
    expect(route("/kfuncs/bpf_task_acquire", true)).toBeNull();
    expect(route("/releases")).toBeNull();
    expect(route("/releases/v6.12/changes")).toBeNull();
    expect(route("/releases/..%2Fadmin")).toBeNull();
    expect(route("/queue")).toBeNull();
  });

  it("round-trips a view through its path segment, repeated values in one order", () => {
    const search = new URLSearchParams("state=stable&q=a%20b&state=removed");
    expect(decodeView(encodeView(search))).toEqual({ q: "a b", state: ["removed", "stable"] });
    expect(decodeView("not/base64!")).toEqual({});
  });
});
