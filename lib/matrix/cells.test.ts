import { describe, expect, it } from "vitest";
import { evidenceOf } from "../releases/evidence";
import { matrixCells } from "./cells";

const columns = [
  { tag: "v6.1", evidence: evidenceOf("SOURCE_TREE") },
  { tag: "v6.2", evidence: null },
  { tag: "v6.12", evidence: evidenceOf("TARBALL") },
  { tag: "v6.18", evidence: evidenceOf("BTF") },
];

describe("matrixCells", () => {
  it("says present, not yet, not in this build, or unknown, with the state at each release", () => {
    const cells = matrixCells(columns, new Set(["v6.12"]), [
      { kind: "INTRODUCED", release: "v6.12", toState: "UNSTABLE" },
    ]);
    expect(cells.map((c) => [c.release, c.availability, c.state, c.change])).toEqual([
      ["v6.1", "not-yet", null, null],
      ["v6.2", "unknown", null, null],
      ["v6.12", "present", "UNSTABLE", "introduced"],
      ["v6.18", "not-in-build", "UNSTABLE", null],
    ]);
  });

  it("carries a removal and the removed state forward", () => {
    const cells = matrixCells(columns, new Set(["v6.1"]), [
      { kind: "INTRODUCED", release: "v6.1", toState: "UNSTABLE" },
      { kind: "REMOVED", release: "v6.12", toState: "REMOVED" },
    ]);
    expect(cells.map((c) => [c.availability, c.state, c.change])).toEqual([
      ["present", "UNSTABLE", "introduced"],
      ["unknown", "UNSTABLE", null],
      ["absent", "REMOVED", "removed"],
      ["not-in-build", "REMOVED", null],
    ]);
  });
});
