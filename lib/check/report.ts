import { kfuncAccess } from "../kernel/prog-types";
import { ksymNameFor } from "../kernel/section-names";
import type { LifecycleState } from "../lifecycle/states";
import type { Availability } from "../matrix/cells";
import { normaliseReleaseTag } from "../releases/version";
import { compareAbi } from "./abi";
import { CheckInputError } from "./check-error";
import type { CatalogFacts, FactCell, KfuncFacts, ReleaseColumn } from "./facts";
import type { ScannedKfunc, ScannedProgram } from "./scan-object";

// The portability report: for each kfunc a program references, where it exists, in what state,
// whether the prototype and the calling program types fit, and for each release whether the
// program loads there. Pure: the references and the catalog's facts in, the report out. The load
// rules are libbpf's and the verifier's:
//   - a strong (non-__weak) kfunc that a kernel lacks, or whose prototype does not fit, stops the
//     load; a __weak one is left unresolved instead (bpf_ksym_exists() is then false);
//   - the verifier refuses a call from a program type whose kfunc hook the kfunc's sets were not
//     registered for (lib/kernel/prog-types.ts: which types share a hook).

export type Target =
  | { kind: "newest" }
  | { kind: "release"; release: string }
  | { kind: "min"; release: string };

export type CheckInputKind = "object" | "source" | "names";

export type CellVerdict = "ok" | "optional-missing" | "fails" | "unknown";
export type LoadVerdict = "loads" | "fails" | "unknown";

export interface KfuncReleaseCheck {
  release: string;
  availability: Availability;
  state: LifecycleState | null;
  modules: string[] | null;
  /** The kernel's prototype there, when known. */
  prototype: string | null;
  /** libbpf's check of the compiled prototype against this release's (lib/check/abi.ts). */
  prototypeFit: "match" | "differs" | "incompatible" | "unknown";
  /** Program types of the calling programs that may not call it there. */
  deniedFor: string[];
  verdict: CellVerdict;
  /** Why it fails or is unknown, in a sentence. */
  reason: string | null;
}

export type WarningCode =
  | "unknown-kfunc"
  | "removed"
  | "deprecated"
  | "unstable"
  | "missing"
  | "strong-missing"
  | "module-only"
  | "prototype-mismatch"
  | "prototype-differs"
  | "prog-type"
  | "not-in-build"
  | "flavour"
  | "no-btf"
  | "prog-types-unrecorded";

export interface CheckWarning {
  code: WarningCode;
  severity: "info" | "warning" | "error";
  message: string;
}

export interface KfuncCheck {
  /** As the program spells it. */
  symbol: string;
  /** As the catalog knows it (the symbol, or the symbol without a final ___flavour). */
  name: string;
  known: boolean;
  weak: boolean;
  compiledPrototype: string | null;
  programs: string[];
  progTypes: string[];
  state: LifecycleState | null;
  replacement: string | null;
  deprecatedIn: string | null;
  removalEarliest: string | null;
  removedIn: string | null;
  presentIn: string[];
  missingOn: string[];
  releases: KfuncReleaseCheck[];
  warnings: CheckWarning[];
}

export interface ReleaseVerdict {
  release: string;
  ingested: boolean;
  verdict: LoadVerdict;
  /** The kfuncs that stop the load there (fails) or leave it open (unknown). */
  blockers: string[];
}

export interface CheckReport {
  input: { kind: CheckInputKind; label: string; programs: ScannedProgram[] };
  releases: ReleaseVerdict[];
  kfuncs: KfuncCheck[];
  summary: {
    loadsOn: string[];
    failsOn: string[];
    unknownOn: string[];
    /** The oldest release it loads on. */
    minRelease: string | null;
    target: {
      description: string;
      releases: string[];
      verdict: "pass" | "fail" | "unknown";
      failing: string[];
    };
    /** Deprecated in a target release. */
    deprecated: string[];
    /** Removed by a target release (only __weak ones can still load). */
    removed: string[];
    /**
     * pluto's: 0 loads on the target; 2 uses kfuncs deprecated (or, weak, removed) there; 3 fails
     * on the target, or the catalog cannot settle it there.
     */
    exitCode: 0 | 2 | 3;
    headline: string;
  };
}

export interface CheckRequest {
  kind: CheckInputKind;
  label: string;
  references: readonly ScannedKfunc[];
  programs?: readonly ScannedProgram[];
  target?: Target;
  /** An object compiled without -g: libbpf needs .BTF to resolve any kfunc, so nothing loads. */
  withoutBtf?: boolean;
}

const PRESENT = new Set<Availability>(["present", "inferred"]);

export function buildReport(request: CheckRequest, facts: CatalogFacts): CheckReport {
  const columns = facts.columns;
  if (columns.length === 0) throw new CheckInputError("the catalog has no ingested release to check against");
  const target = targetReleases(request.target ?? { kind: "newest" }, columns);
  const onTarget = new Set(target.releases);
  const kfuncs = request.references.map((ref) =>
    checkKfunc(ref, facts, onTarget, request.withoutBtf ?? false),
  );
  const releases: ReleaseVerdict[] = columns.map((column, i) => {
    const fails = kfuncs.filter((k) => k.releases[i]?.verdict === "fails").map((k) => k.symbol);
    const unknown = kfuncs.filter((k) => k.releases[i]?.verdict === "unknown").map((k) => k.symbol);
    return {
      release: column.tag,
      ingested: column.evidence !== null,
      verdict: fails.length ? "fails" : unknown.length ? "unknown" : "loads",
      blockers: fails.length ? fails : unknown,
    };
  });
  const on = (verdict: LoadVerdict) => releases.filter((r) => r.verdict === verdict).map((r) => r.release);
  const targeted = releases.filter((r) => target.releases.includes(r.release));
  const failing = targeted.filter((r) => r.verdict === "fails").map((r) => r.release);
  const targetVerdict = failing.length
    ? "fail"
    : targeted.some((r) => r.verdict === "unknown")
      ? "unknown"
      : "pass";
  // Deprecated in a target release (the state then, not today's); a __weak kfunc already removed
  // there loads, but asks for the same attention.
  const onTargetCells = (k: KfuncCheck) => k.releases.filter((r) => onTarget.has(r.release));
  const deprecated = kfuncs
    .filter((k) => onTargetCells(k).some((r) => r.state === "DEPRECATED" && PRESENT.has(r.availability)))
    .map((k) => k.symbol);
  const removed = kfuncs
    .filter((k) => onTargetCells(k).some((r) => r.state === "REMOVED" && !PRESENT.has(r.availability)))
    .map((k) => k.symbol);
  // A target the catalog cannot settle fails closed: a CI job must not pass on a guess.
  const exitCode = targetVerdict !== "pass" ? 3 : deprecated.length || removed.length ? 2 : 0;
  const loadsOn = on("loads");
  return {
    input: { kind: request.kind, label: request.label, programs: [...(request.programs ?? [])] },
    releases,
    kfuncs,
    summary: {
      loadsOn,
      failsOn: on("fails"),
      unknownOn: on("unknown"),
      minRelease: loadsOn[0] ?? null,
      target: { description: target.description, releases: target.releases, verdict: targetVerdict, failing },
      deprecated,
      removed,
      exitCode,
      headline: headline(
        targetVerdict,
        target.description,
        describeReleases(failing, columns),
        deprecated,
        removed,
        kfuncs.length,
      ),
    },
  };
}

function targetReleases(target: Target, columns: readonly ReleaseColumn[]) {
  const tags = columns.map((c) => c.tag);
  const newest = tags.at(-1) as string;
  if (target.kind === "newest")
    return { description: `${newest} (the newest ingested release)`, releases: [newest] };
  const tag = normaliseReleaseTag(target.release);
  if (!tag)
    throw new CheckInputError(`'${target.release}' is not a release tag (expected e.g. v6.12)`, "release");
  const index = tags.indexOf(tag);
  if (index < 0) {
    throw new CheckInputError(
      `${tag} is outside the releases the catalog covers (${tags[0]} to ${newest})`,
      "release",
    );
  }
  return target.kind === "release"
    ? { description: tag, releases: [tag] }
    : { description: tag === newest ? tag : `${tag} to ${newest}`, releases: tags.slice(index) };
}

function checkKfunc(
  ref: ScannedKfunc,
  facts: CatalogFacts,
  onTarget: ReadonlySet<string>,
  withoutBtf: boolean,
): KfuncCheck {
  // The name libbpf asks the kernel for: the symbol without a final ___flavour (names typed in
  // by hand are kernel names already, so there `name` is the symbol).
  const kfunc = facts.kfuncs.get(ref.name) ?? null;
  const cells: FactCell[] = kfunc ? kfunc.cells : facts.columns.map((c) => unknownNameCell(c));
  const releases = cells.map((cell) =>
    withoutBtf
      ? {
          ...checkCell(ref, cell),
          verdict: "fails" as const,
          reason: "the object has no .BTF: libbpf cannot resolve a kfunc without it (compile with -g)",
        }
      : checkCell(ref, cell),
  );
  const presentIn = releases.filter((r) => PRESENT.has(r.availability)).map((r) => r.release);
  const missingOn = releases
    .filter((r) => r.availability === "not-yet" || r.availability === "absent")
    .map((r) => r.release);
  const check: KfuncCheck = {
    symbol: ref.symbol,
    name: kfunc?.name ?? ref.name,
    known: kfunc !== null,
    weak: ref.weak,
    compiledPrototype: ref.prototype,
    programs: ref.programs,
    progTypes: ref.progTypes,
    state: kfunc?.state ?? null,
    replacement: kfunc?.replacement ?? null,
    deprecatedIn: kfunc?.deprecatedIn ?? null,
    removalEarliest: kfunc?.removalEarliest ?? null,
    removedIn: kfunc?.removedIn ?? null,
    presentIn,
    missingOn,
    releases,
    warnings: [],
  };
  check.warnings = warningsOf(check, kfunc, facts.columns, onTarget);
  if (withoutBtf) {
    check.warnings.unshift({
      code: "no-btf",
      severity: "error",
      message:
        "The object was compiled without -g: it has no .BTF, and libbpf refuses to open an object whose kfuncs it cannot describe. Compile with clang -g.",
    });
  }
  if (ref.symbol !== ref.name && facts.kfuncs.has(ref.symbol)) {
    // The kernel has a kfunc spelt like the symbol (scx_bpf_reenqueue_local___v2), but libbpf
    // drops the flavour and resolves another one.
    check.warnings.unshift({
      code: "flavour",
      severity: "warning",
      message: `libbpf resolves ${ref.symbol} as ${ref.name} (it drops a final ___suffix); to call the kernel's ${ref.symbol}, declare it as ${ksymNameFor(ref.symbol)}.`,
    });
  }
  return check;
}

/** A name the catalog does not know: absent wherever a source proves absence. */
function unknownNameCell(column: ReleaseColumn): FactCell {
  const availability: Availability = !column.evidence
    ? "unknown"
    : column.evidence.provesAbsence
      ? "absent"
      : "not-in-build";
  return {
    release: column.tag,
    availability,
    state: null,
    modules: null,
    prototype: null,
    progTypes: null,
    flags: null,
    filtered: false,
  };
}

function checkCell(ref: ScannedKfunc, cell: FactCell): KfuncReleaseCheck {
  const base = {
    release: cell.release,
    availability: cell.availability,
    state: cell.state,
    modules: cell.modules,
    prototype: cell.prototype,
  };
  if (!PRESENT.has(cell.availability)) {
    const missing = cell.availability === "not-yet" || cell.availability === "absent";
    if (missing) {
      return ref.weak
        ? { ...base, prototypeFit: "unknown", deniedFor: [], verdict: "optional-missing", reason: null }
        : {
            ...base,
            prototypeFit: "unknown",
            deniedFor: [],
            verdict: "fails",
            reason: `${cell.release} has no ${ref.symbol}`,
          };
    }
    const reason =
      cell.availability === "not-in-build"
        ? `not in the ${cell.release} build the catalog read (BTF of one configuration)`
        : `${cell.release} was not ingested and its neighbours do not settle it`;
    return {
      ...base,
      prototypeFit: "unknown",
      deniedFor: [],
      verdict: ref.weak ? "optional-missing" : "unknown",
      reason,
    };
  }
  const abi =
    ref.prototype && cell.prototype ? compareAbi(ref.prototype, cell.prototype, ref.forwardDeclared) : null;
  const prototypeFit = abi === null ? "unknown" : abi.fit;
  const registered = cell.progTypes;
  const access = (t: string) => (registered ? kfuncAccess(registered, t, cell.filtered) : "unknown");
  const deniedFor = registered ? ref.progTypes.filter((t) => access(t) === "denied") : [];
  // Where the release records program types but the hook it maps a type to changed over time, or
  // a filter decides: not settled. (A BTF build records none: nothing is said there.)
  const unsureFor = registered ? ref.progTypes.filter((t) => access(t) === "unknown") : [];
  if (abi?.fit === "incompatible") {
    // libbpf leaves a weak extern with an incompatible prototype unresolved, as if absent.
    return {
      ...base,
      prototypeFit,
      deniedFor,
      verdict: ref.weak ? "optional-missing" : "fails",
      reason: `prototype differs: ${abi.reason}`,
    };
  }
  if (deniedFor.length) {
    return {
      ...base,
      prototypeFit,
      deniedFor,
      verdict: "fails",
      reason: `${deniedFor.join(", ")} programs may not call it in ${cell.release}`,
    };
  }
  if (unsureFor.length) {
    return {
      ...base,
      prototypeFit,
      deniedFor,
      verdict: "unknown",
      reason: `whether ${unsureFor.join(", ")} programs may call it in ${cell.release} depends on how that release groups program types (or on a filter of its set)`,
    };
  }
  return {
    ...base,
    prototypeFit,
    deniedFor,
    verdict: "ok",
    reason: abi?.fit === "differs" ? `prototype differs (libbpf accepts it): ${abi.reason}` : null,
  };
}

function warningsOf(
  check: KfuncCheck,
  kfunc: KfuncFacts | null,
  columns: readonly ReleaseColumn[],
  onTarget: ReadonlySet<string>,
): CheckWarning[] {
  const warnings: CheckWarning[] = [];
  // What stops the load on a target release is an error; the same outside the target, a warning.
  const blocking = (tags: readonly string[]) => (tags.some((t) => onTarget.has(t)) ? "error" : "warning");
  const span = (tags: readonly string[]) => describeReleases(tags, columns);
  const where = (pick: (r: KfuncReleaseCheck) => boolean) =>
    check.releases.filter(pick).map((r) => r.release);
  if (!kfunc) {
    warnings.push({
      code: "unknown-kfunc",
      severity: check.weak ? "warning" : "error",
      message: `${check.symbol} is not a kfunc of any ingested release: misspelt, out of tree, or newer than ${columns.at(-1)?.tag}.`,
    });
    return warnings;
  }
  if (check.state === "REMOVED") {
    warnings.push({
      code: "removed",
      severity: check.weak ? "warning" : blocking(check.missingOn),
      message: `Removed${check.removedIn ? ` in ${check.removedIn}` : ""}${kfunc.lastSeen ? ` (last in ${kfunc.lastSeen})` : ""}${check.replacement ? `; use ${replacementHint(check.replacement)}` : ""}.`,
    });
  } else if (check.state === "DEPRECATED") {
    warnings.push({
      code: "deprecated",
      severity: "warning",
      message: `Deprecated${check.deprecatedIn ? ` in ${check.deprecatedIn}` : ""}${check.replacement ? `; use ${replacementHint(check.replacement)}` : ""}${check.removalEarliest ? `; removal no earlier than ${check.removalEarliest}` : ""}.`,
    });
  } else if (check.state === "UNSTABLE") {
    warnings.push({
      code: "unstable",
      severity: "info",
      message: "Unstable: no promise that it keeps its signature or stays.",
    });
  }
  if (check.missingOn.length) {
    warnings.push(
      check.weak
        ? {
            code: "missing",
            severity: "info",
            message: `Absent from ${span(check.missingOn)}: declared __weak, so the program loads there without it (guard the call with bpf_ksym_exists()).`,
          }
        : {
            code: "strong-missing",
            severity: blocking(check.missingOn),
            message: `Absent from ${span(check.missingOn)}: the program fails to load there. Declare it __weak and guard the call with bpf_ksym_exists() to load without it.`,
          },
    );
  }
  const notBuilt = where((r) => r.availability === "not-in-build");
  if (notBuilt.length) {
    warnings.push({
      code: "not-in-build",
      severity: "info",
      message: `Not in the build of ${span(notBuilt)} that the catalog read (one configuration; it may be configured out there).`,
    });
  }
  const mismatched = check.releases.filter((r) => r.prototypeFit === "incompatible");
  if (mismatched.length) {
    const first = mismatched[0] as KfuncReleaseCheck;
    warnings.push({
      code: "prototype-mismatch",
      severity: check.weak ? "warning" : blocking(mismatched.map((r) => r.release)),
      message: `libbpf refuses the prototype it was compiled against on ${span(mismatched.map((r) => r.release))}: ${first.reason?.replace(/^prototype differs: /, "")} (kernel: ${first.prototype}).${check.weak ? " Being __weak, it is left unresolved there." : ""}`,
    });
  }
  const differing = check.releases.filter((r) => r.prototypeFit === "differs");
  if (differing.length) {
    const first = differing[0] as KfuncReleaseCheck;
    warnings.push({
      code: "prototype-differs",
      severity: "warning",
      message: `The prototype it was compiled against names other types than ${span(differing.map((r) => r.release))}: ${first.reason?.replace(/^prototype differs \(libbpf accepts it\): /, "")} (kernel: ${first.prototype}). libbpf loads it, but the program passes or reads the wrong type.`,
    });
  }
  const denied = check.releases.filter((r) => r.deniedFor.length);
  if (denied.length) {
    const types = [...new Set(denied.flatMap((r) => r.deniedFor))];
    warnings.push({
      code: "prog-type",
      severity: blocking(denied.map((r) => r.release)),
      message: `${types.join(", ")} programs may not call it in ${span(denied.map((r) => r.release))}.`,
    });
  }
  const unrecorded = check.progTypes.length
    ? check.releases.filter(
        (r) =>
          PRESENT.has(r.availability) &&
          columns.find((c) => c.tag === r.release)?.evidence?.knowsFlags === false,
      )
    : [];
  if (unrecorded.length) {
    warnings.push({
      code: "prog-types-unrecorded",
      severity: "info",
      message: `${span(unrecorded.map((r) => r.release))} ${unrecorded.length === 1 ? "was" : "were"} read from BTF, which does not record program types: whether ${check.progTypes.join(", ")} programs may call it there was not checked.`,
    });
  }
  const inModules = check.releases.filter((r) => r.modules && PRESENT.has(r.availability));
  if (inModules.length) {
    const modules = [...new Set(inModules.flatMap((r) => r.modules ?? []))];
    warnings.push({
      code: "module-only",
      severity: "info",
      message: `In module ${modules.join(", ")} (${span(inModules.map((r) => r.release))}): the module must be loaded.`,
    });
  }
  return warnings;
}

/** "v6.1, v6.12–v6.18, v7.3": runs of consecutive columns as ranges. */
export function describeReleases(tags: readonly string[], columns: readonly ReleaseColumn[]): string {
  const order = columns.map((c) => c.tag);
  const wanted = new Set(tags);
  const runs: string[] = [];
  let start: string | null = null;
  let prev: string | null = null;
  for (const tag of order) {
    if (wanted.has(tag)) {
      start ??= tag;
      prev = tag;
      continue;
    }
    if (start) runs.push(start === prev ? start : `${start}–${prev}`);
    start = null;
  }
  if (start) runs.push(start === prev ? start : `${start}–${prev}`);
  return runs.join(", ");
}

function headline(
  verdict: "pass" | "fail" | "unknown",
  target: string,
  failing: string,
  deprecated: readonly string[],
  removed: readonly string[],
  count: number,
): string {
  const kfuncs = `${count} kfunc${count === 1 ? "" : "s"}`;
  if (verdict === "fail") return `Fails to load on ${failing} (target: ${target}); ${kfuncs} checked.`;
  const dep =
    (deprecated.length ? ` Uses deprecated ${deprecated.join(", ")}.` : "") +
    (removed.length
      ? ` Uses ${removed.join(", ")}, removed there but declared __weak: that code never runs.`
      : "");
  if (verdict === "unknown")
    return `Not settled for ${target}: the catalog lacks data for some kfuncs there; ${kfuncs} checked.${dep}`;
  return `Loads on ${target}; ${kfuncs} checked.${dep}`;
}

/** "scx_bpf_dsq_insert", or for a kernel name that ends like a flavour, how to declare it. */
function replacementHint(name: string): string {
  const declared = ksymNameFor(name);
  return declared === name ? name : `${name} (declared as ${declared}, since libbpf drops a final ___suffix)`;
}
