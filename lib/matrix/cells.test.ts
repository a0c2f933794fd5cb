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
    const cells = matrixCells(columns, new Map([["v6.12", ["vmlinux"]]]), [
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
    const cells = matrixCells(columns, new Map([["v6.1", []]]), [
      { kind: "INTRODUCED", release: "v6.1", toState: "UNSTABLE" },
      { kind: "REMOVED", release: "v6.12", toState: "REMOVED" },
    ]);
    expect(cells.map((c) => [c.availability, c.state, c.change])).toEqual([
      ["present", "UNSTABLE", "introduced"],
      ["unknown", "UNSTABLE", null],
      ["absent", "REMOVED", "removed"],
      // A later build without it: the removal on record says why, so it reads absent, not "not built".
      ["absent", "REMOVED", null],
    ]);
  });

  it("keeps a build without it as not-in-build while nothing says it was removed", () => {
    const cells = matrixCells(columns, new Map([["v6.12", []]]), [
      { kind: "INTRODUCED", release: "v6.12", toState: "UNSTABLE" },
      { kind: "DEPRECATED", release: "v6.12", toState: "DEPRECATED" },
    ]);
    expect(cells.at(-1)).toMatchObject({
      release: "v6.18",
      availability: "not-in-build",
      state: "DEPRECATED",
    });
  });

  it("infers presence between two ingested releases that have it when nothing documented changed", () => {
    const cols = [
      { tag: "v6.1", evidence: evidenceOf("SOURCE_TREE") },
      { tag: "v6.2", evidence: null },
      { tag: "v6.3", evidence: null },
      { tag: "v6.12", evidence: evidenceOf("TARBALL") },
      { tag: "v6.13", evidence: null },
    ];
    const both = new Map([
      ["v6.1", []],
      ["v6.12", []],
    ]);
    const introduced = { kind: "INTRODUCED", release: "v6.1", toState: "UNSTABLE" as const };
    expect(matrixCells(cols, both, [introduced]).map((c) => c.availability)).toEqual([
      "present",
      "inferred",
      "inferred",
      "present",
      "unknown", // nothing after v6.12 to infer from
    ]);
    // A documented change in between (a rename in v6.3) stops the inference.
    const renamed = { kind: "SIGNATURE_CHANGED", release: "v6.3", toState: null };
    expect(matrixCells(cols, both, [introduced, renamed]).map((c) => c.availability)).toEqual([
      "present",
      "unknown",
      "unknown",
      "present",
      "unknown",
    ]);
  });

  it("marks a kfunc that a build has only in a module", () => {
    const cells = matrixCells(
      columns,
      new Map([
        ["v6.12", ["nf_conntrack"]],
        ["v6.18", ["vmlinux"]],
      ]),
      [],
    );
    expect(cells.map((c) => c.modules)).toEqual([null, null, ["nf_conntrack"], null]);
  });
});
