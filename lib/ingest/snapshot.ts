// The unit of ingestion: everything one input says about one release, as plain data. The
// committed files under data/releases/ are snapshots; so is what the CLI reads from a tree,
// a tarball, a git ref or a BTF file. Pure.

import { createHash } from "node:crypto";
import { subsystemOf } from "../kernel/subsystem";
import type { BtfKfunc, ExtractedKfunc, KfuncSetMembership } from "../kernel/types";
import { provesAbsence, type SourceKind } from "../releases/evidence";

export interface SnapshotKfunc {
  name: string;
  prototype: string | null;
  flags: string[];
  progTypes: string[];
  sets: KfuncSetMembership[];
  definedIn: { file: string; line: number } | null;
  guards: string[];
  btfTags: string[];
  /** Where a build of the release has it: "vmlinux" or module names; empty when no build was read. */
  seenIn?: string[];
}

export interface ReleaseSnapshot {
  release: string;
  sourceKind: SourceKind;
  /** e.g. "Debian linux-source 6.12.57-1" or "running kernel 6.18.44 (/sys/kernel/btf/vmlinux)". */
  origin: string;
  /** The path, file or git ref that was read. */
  sourceRef: string;
  kfuncs: SnapshotKfunc[];
}

export function kfuncsFromSource(extracted: readonly ExtractedKfunc[]): SnapshotKfunc[] {
  return extracted
    .map((k) => ({
      name: k.name,
      prototype: k.prototype,
      flags: k.flags,
      progTypes: k.progTypes,
      sets: k.sets,
      definedIn: k.definedIn,
      guards: k.guards,
      btfTags: [],
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function kfuncsFromBtf(found: readonly BtfKfunc[]): SnapshotKfunc[] {
  return found
    .map((k) =>
      btfSnapshotKfunc(
        k.name,
        k.prototype,
        k.tags.filter((t) => t !== "bpf_kfunc"),
      ),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A kfunc as BTF knows it: a prototype and tags; no flags, program types, sets or source. */
export function btfSnapshotKfunc(
  name: string,
  prototype: string,
  btfTags: string[],
  seenIn?: string[],
): SnapshotKfunc {
  return {
    name,
    prototype,
    flags: [],
    progTypes: [],
    sets: [],
    definedIn: null,
    guards: [],
    btfTags,
    ...(seenIn ? { seenIn } : {}),
  };
}

/** Same kfuncs read from the same kind of input → same hash, whatever the origin text. */
export function contentHash(snapshot: Pick<ReleaseSnapshot, "sourceKind" | "kfuncs">): string {
  const kind = provesAbsence(snapshot.sourceKind) ? "source" : "btf";
  const body = JSON.stringify([kind, [...snapshot.kfuncs].sort((a, b) => a.name.localeCompare(b.name))]);
  return createHash("sha256").update(body).digest("hex");
}

/** Where a kfunc lives: its definition, else the file of its first set. */
export function subsystemOfKfunc(kfunc: SnapshotKfunc): string {
  return subsystemOf(kfunc.definedIn?.file ?? kfunc.sets[0]?.file ?? null);
}
