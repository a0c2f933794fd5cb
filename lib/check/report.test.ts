import { describe, expect, it } from "vitest";
import { evidenceOf } from "../releases/evidence";
import { CheckInputError } from "./check-error";
import type { CatalogFacts, FactCell, KfuncFacts } from "./facts";
import { buildReport, describeReleases } from "./report";
import type { ScannedKfunc } from "./scan-object";

// The load rules on hand-made facts: v6.1 and v6.12 from sources, v6.2 not ingested, v6.18 a BTF build.
const columns = [
  { tag: "v6.1", evidence: evidenceOf("SOURCE_TREE") },
  { tag: "v6.2", evidence: null },
  { tag: "v6.12", evidence: evidenceOf("TARBALL") },
  { tag: "v6.18", evidence: evidenceOf("BTF") },
];

function cell(
  release: string,
  availability: FactCell["availability"],
  extra: Partial<FactCell> = {},
): FactCell {
  return {
    release,
    availability,
    state: "UNSTABLE",
    modules: null,
    prototype: availability === "present" || availability === "inferred" ? "int foo(u64 x)" : null,
    progTypes: availability === "present" && release !== "v6.18" ? ["TRACING"] : null,
    flags: null,
    filtered: false,
    ...extra,
  };
}

function kfunc(name: string, cells: FactCell[], extra: Partial<KfuncFacts> = {}): KfuncFacts {
  return {
    name,
    state: "UNSTABLE",
    replacement: null,
    deprecatedIn: null,
    removalEarliest: null,
    removedIn: null,
    lastSeen: null,
    cells,
    ...extra,
  };
}

const everywhere = ["v6.1", "v6.2", "v6.12", "v6.18"];
const facts: CatalogFacts = {
  columns,
  kfuncs: new Map(
    [
      kfunc("foo", [
        cell("v6.1", "present"),
        cell("v6.2", "inferred"),
        cell("v6.12", "present"),
        cell("v6.18", "present"),
      ]),
      kfunc("newer", [
        cell("v6.1", "not-yet"),
        cell("v6.2", "unknown"),
        cell("v6.12", "present"),
        cell("v6.18", "not-in-build"),
      ]),
      kfunc(
        "old",
        [
          cell("v6.1", "present"),
          cell("v6.2", "unknown"),
          cell("v6.12", "absent", { state: "REMOVED" }),
          cell("v6.18", "absent", { state: "REMOVED" }),
        ],
        { state: "REMOVED", replacement: "foo", removedIn: "v6.12", lastSeen: "v6.1" },
      ),
      kfunc(
        "going",
        [
          cell("v6.1", "present"),
          cell("v6.2", "inferred"),
          cell("v6.12", "present", { state: "DEPRECATED" }),
          cell("v6.18", "present", { state: "DEPRECATED" }),
        ],
        {
          state: "DEPRECATED",
          replacement: "foo",
          deprecatedIn: "v6.12",
          removalEarliest: "v7.0",
        },
      ),
      kfunc("anytype", [
        cell("v6.1", "present", { progTypes: ["UNSPEC"] }),
        cell("v6.2", "inferred"),
        cell("v6.12", "present", { progTypes: ["UNSPEC"] }),
        cell("v6.18", "present"),
      ]),
    ].map((k) => [k.name, k]),
  ),
};

const ref = (symbol: string, extra: Partial<ScannedKfunc> = {}): ScannedKfunc => ({
  name: symbol,
  symbol,
  weak: false,
  prototype: null,
  forwardDeclared: [],
  programs: [],
  progTypes: [],
  ...extra,
});

const check = (refs: ScannedKfunc[], target?: Parameters<typeof buildReport>[0]["target"]) =>
  buildReport({ kind: "names", label: "t", references: refs, target }, facts);

describe("buildReport", () => {
  it("a strong kfunc missing from a release stops the load there; a weak one does not", () => {
    const strong = check([ref("newer")]);
    expect(strong.releases.map((r) => [r.release, r.verdict])).toEqual([
      ["v6.1", "fails"],
      ["v6.2", "unknown"],
      ["v6.12", "loads"],
      ["v6.18", "unknown"], // one BTF build without it proves nothing
    ]);
    expect(strong.summary.minRelease).toBe("v6.12");
    const weak = check([ref("newer", { weak: true })]);
    expect(weak.releases.map((r) => r.verdict)).toEqual(["loads", "loads", "loads", "loads"]);
    expect(weak.kfuncs[0]?.warnings.map((w) => [w.code, w.severity])).toContainEqual(["missing", "info"]);
  });

  it("calls a missing kfunc an error on the target, a warning outside it", () => {
    const severity = (target: Parameters<typeof check>[1]) =>
      check([ref("newer")], target).kfuncs[0]?.warnings.find((w) => w.code === "strong-missing")?.severity;
    expect(severity({ kind: "release", release: "v6.1" })).toBe("error");
    expect(severity({ kind: "min", release: "v6.12" })).toBe("warning");
  });

  it("counts inferred presence as present, and judges the target: newest, one release, or from one on", () => {
    expect(check([ref("foo")]).summary).toMatchObject({
      loadsOn: everywhere,
      exitCode: 0,
      target: { releases: ["v6.18"], verdict: "pass" },
    });
    expect(check([ref("newer")], { kind: "release", release: "6.1" }).summary).toMatchObject({
      exitCode: 3,
      target: { releases: ["v6.1"], verdict: "fail", failing: ["v6.1"] },
    });
    expect(check([ref("newer")], { kind: "min", release: "v6.12" }).summary.target).toMatchObject({
      releases: ["v6.12", "v6.18"],
      verdict: "unknown",
    });
    expect(() => check([ref("foo")], { kind: "release", release: "v5.4" })).toThrow(CheckInputError);
    expect(() => check([ref("foo")], { kind: "min", release: "newest" })).toThrow(/not a release tag/);
  });

  it("exits 3 for a removed kfunc on the target, 2 for a deprecated one that still loads", () => {
    const removed = check([ref("old")]);
    expect(removed.summary).toMatchObject({ exitCode: 3, removed: ["old"] });
    expect(removed.kfuncs[0]?.warnings[0]).toMatchObject({
      code: "removed",
      message: "Removed in v6.12 (last in v6.1); use foo.",
    });
    const deprecated = check([ref("going")]);
    expect(deprecated.summary).toMatchObject({
      exitCode: 2,
      deprecated: ["going"],
      target: { verdict: "pass" },
    });
    expect(deprecated.kfuncs[0]?.warnings[0]?.message).toBe(
      "Deprecated in v6.12; use foo; removal no earlier than v7.0.",
    );
    // The deprecated kfunc's replacement alone is fine.
    expect(check([ref("foo")]).summary.exitCode).toBe(0);
  });

  it("refuses a call from a program type the release does not allow, where the release says", () => {
    const report = check([ref("foo", { progTypes: ["XDP"] })]);
    expect(report.kfuncs[0]?.releases.map((r) => [r.release, r.verdict, r.deniedFor])).toEqual([
      ["v6.1", "fails", ["XDP"]],
      ["v6.2", "ok", []], // inferred, and its neighbours' program types are not known here
      ["v6.12", "fails", ["XDP"]],
      ["v6.18", "ok", []], // a BTF build does not say
    ]);
    // UNSPEC serves every program type; freplace (EXT) takes its target's type, unknown here.
    expect(check([ref("anytype", { progTypes: ["XDP"] })]).summary.failsOn).toEqual([]);
    expect(check([ref("foo", { progTypes: ["EXT"] })]).summary.failsOn).toEqual([]);
  });

  it("lets an LSM program call a TRACING kfunc (one hook), and leaves hook groups that changed unsettled", () => {
    expect(check([ref("foo", { progTypes: ["LSM"] })]).summary.failsOn).toEqual([]);
    const filtered = buildReport(
      { kind: "names", label: "t", references: [ref("foo", { progTypes: ["LSM"] })] },
      {
        columns,
        kfuncs: new Map([
          [
            "foo",
            kfunc("foo", [
              cell("v6.1", "present", { filtered: true }),
              cell("v6.2", "unknown"),
              cell("v6.12", "present", { filtered: true }),
              cell("v6.18", "present"),
            ]),
          ],
        ]),
      },
    );
    expect(filtered.kfuncs[0]?.releases[0]?.verdict).toBe("unknown");
    const rawTp = check([ref("foo", { progTypes: ["RAW_TRACEPOINT"] })]);
    expect(rawTp.kfuncs[0]?.releases[0]).toMatchObject({ verdict: "unknown", deniedFor: [] });
  });

  it("fails a strong kfunc whose prototype libbpf refuses, and leaves a weak one unresolved", () => {
    const strong = check([ref("foo", { prototype: "int foo(u64 x, u64 y)" })]);
    expect(strong.summary.failsOn).toEqual(everywhere);
    expect(strong.kfuncs[0]?.warnings.map((w) => w.code)).toContain("prototype-mismatch");
    const weak = check([ref("foo", { prototype: "int foo(u64 x, u64 y)", weak: true })]);
    expect(weak.releases.every((r) => r.verdict === "loads")).toBe(true);
    expect(weak.kfuncs[0]?.releases[0]?.verdict).toBe("optional-missing");
    const differs = check([ref("foo", { prototype: "int foo(u32 x)" })]);
    expect(differs.summary.failsOn).toEqual([]);
    expect(differs.kfuncs[0]?.warnings.map((w) => w.code)).toContain("prototype-differs");
  });

  it("reports a name the catalog does not know as absent wherever a source proves it", () => {
    const report = check([ref("bpf_no_such_kfunc")]);
    expect(report.kfuncs[0]).toMatchObject({ known: false, state: null, missingOn: ["v6.1", "v6.12"] });
    expect(report.kfuncs[0]?.warnings[0]).toMatchObject({ code: "unknown-kfunc", severity: "error" });
    // v6.18 is a BTF build: it cannot prove the absence, so the target is not settled, which fails closed.
    expect(report.summary).toMatchObject({ exitCode: 3, target: { verdict: "unknown" } });
    expect(check([ref("bpf_no_such_kfunc")], { kind: "release", release: "v6.12" }).summary.exitCode).toBe(3);
  });

  it("finds a flavoured name under its kernel name", () => {
    const report = check([ref("foo___v2", { name: "foo" })]);
    expect(report.kfuncs[0]).toMatchObject({ symbol: "foo___v2", name: "foo", known: true });
  });
});

describe("exit codes, as pluto's", () => {
  it("judges deprecation by the state on the target, not today's", () => {
    // "going" is deprecated from v6.12: on v6.1 it is not yet.
    expect(check([ref("going")], { kind: "release", release: "v6.1" }).summary).toMatchObject({
      exitCode: 0,
      deprecated: [],
    });
    expect(check([ref("going")], { kind: "min", release: "v6.1" }).summary).toMatchObject({
      exitCode: 2,
      deprecated: ["going"],
    });
  });

  it("exits 2 for a __weak kfunc removed on the target: it loads, but the code using it is dead", () => {
    const report = check([ref("old", { weak: true })], { kind: "release", release: "v6.12" });
    expect(report.summary).toMatchObject({ exitCode: 2, removed: ["old"], target: { verdict: "pass" } });
    expect(report.kfuncs[0]?.warnings.find((w) => w.code === "removed")?.severity).toBe("warning");
  });

  it("fails every release for an object built without -g: libbpf cannot resolve its kfuncs", () => {
    const report = buildReport(
      { kind: "object", label: "o", references: [ref("foo")], withoutBtf: true },
      facts,
    );
    expect(report.summary).toMatchObject({ exitCode: 3, loadsOn: [] });
    expect(report.kfuncs[0]?.warnings[0]).toMatchObject({ code: "no-btf", severity: "error" });
  });

  it("warns that libbpf drops a flavour even where the kernel has the flavoured name", () => {
    const flavoured = kfunc("foo___v2", [
      cell("v6.1", "present"),
      cell("v6.2", "inferred"),
      cell("v6.12", "present"),
      cell("v6.18", "present"),
    ]);
    const withV2: CatalogFacts = { columns, kfuncs: new Map([...facts.kfuncs, ["foo___v2", flavoured]]) };
    const report = buildReport(
      { kind: "source", label: "s", references: [ref("foo___v2", { name: "foo" })] },
      withV2,
    );
    expect(report.kfuncs[0]).toMatchObject({ name: "foo" });
    expect(report.kfuncs[0]?.warnings[0]?.message).toBe(
      "libbpf resolves foo___v2 as foo (it drops a final ___suffix); to call the kernel's foo___v2, declare it as foo___v2___compat.",
    );
  });
});

describe("describeReleases", () => {
  it("writes consecutive releases as ranges", () => {
    expect(describeReleases(["v6.1", "v6.2", "v6.18"], columns)).toBe("v6.1–v6.2, v6.18");
    expect(describeReleases([], columns)).toBe("");
  });
});
