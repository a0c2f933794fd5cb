import { describe, expect, it } from "vitest";
import type { KfuncEvent } from "./event";
import { mergeSameChanges } from "./same-change";

let nextId = 1;
const event = (e: Partial<KfuncEvent> & Pick<KfuncEvent, "kind" | "origin" | "release">): KfuncEvent => ({
  id: nextId++,
  fromState: null,
  toState: null,
  occurredAt: null,
  recordedAt: "2026-12-01T00:00:00.000Z",
  actor: e.origin === "INGEST" ? "ingest" : "docs",
  rationale: null,
  sourceUrl: null,
  detail: null,
  ...e,
});

describe("mergeSameChanges", () => {
  it("shows bbr_main's documented v6.10 change and the change observed between v6.1 and v6.12 as one", () => {
    const observed = event({
      kind: "SIGNATURE_CHANGED",
      origin: "INGEST",
      release: "v6.12",
      detail: { since: "v6.1" },
    });
    const documented = event({ kind: "SIGNATURE_CHANGED", origin: "DOCUMENTED", release: "v6.10" });
    const introduced = event({
      kind: "INTRODUCED",
      origin: "INGEST",
      release: "v6.1",
      detail: { earliestPossible: null },
    });
    const entries = mergeSameChanges([observed, documented, introduced]);
    expect(entries.map((e) => [e.event.id, e.observed?.id ?? null])).toEqual([
      [documented.id, observed.id],
      [introduced.id, null],
    ]);
  });

  it("pairs a documented rename with the removal observed in the window that contains it", () => {
    const removed = event({
      kind: "REMOVED",
      origin: "INGEST",
      release: "v6.12",
      detail: { lastPresent: "v6.1" },
    });
    const renamed = event({ kind: "RENAMED", origin: "DOCUMENTED", release: "v6.4" });
    expect(mergeSameChanges([removed, renamed])).toEqual([{ event: renamed, observed: removed }]);
  });

  it("keeps apart a documented change outside the observed window, and changes of other kinds", () => {
    const observed = event({
      kind: "SIGNATURE_CHANGED",
      origin: "INGEST",
      release: "v6.12",
      detail: { since: "v6.1" },
    });
    const later = event({ kind: "SIGNATURE_CHANGED", origin: "DOCUMENTED", release: "v6.13" });
    const flags = event({ kind: "FLAGS_CHANGED", origin: "DOCUMENTED", release: "v6.10" });
    expect(mergeSameChanges([later, observed, flags]).every((e) => e.observed === null)).toBe(true);
  });
});
