// Reads one input (source tree, tarball, git ref or BTF file) into a release snapshot. Used by
// `kfunc ingest` and by `npm run data:refresh`, which show the progress (cli/progress.ts).

import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { readBtfKfuncsFromFile } from "../kernel/btf/read-file";
import { extractFromGit, extractFromTarball, extractFromTree } from "../kernel/extract";
import type { SourceKind } from "../releases/evidence";
import { kfuncsFromBtf, kfuncsFromSource, type ReleaseSnapshot } from "./snapshot";

export interface SnapshotInput {
  kind: "tree" | "tarball" | "git" | "btf";
  path: string;
  ref?: string;
  /** Base BTF for a split (module) BTF file. */
  base?: string;
}

const KIND: Record<SnapshotInput["kind"], SourceKind> = {
  tree: "SOURCE_TREE",
  tarball: "TARBALL",
  git: "GIT_REF",
  btf: "BTF",
};

/** A human description of where the data came from, unless the caller gave one. */
export function defaultOrigin(input: SnapshotInput): string {
  const abs = path.resolve(input.path);
  switch (input.kind) {
    case "tree": {
      const debian = path.join(abs, ".debian-version");
      return existsSync(debian)
        ? `Debian linux-source ${readFileSync(debian, "utf8").trim()}`
        : `source tree ${abs}`;
    }
    case "tarball":
      return `tarball ${path.basename(abs)}`;
    case "git":
      return `git ${abs} at ${input.ref}`;
    case "btf": {
      let real = abs;
      try {
        real = realpathSync(abs);
      } catch {}
      return real === "/sys/kernel/btf/vmlinux"
        ? `running kernel ${os.release()} (/sys/kernel/btf/vmlinux)`
        : `BTF ${abs}`;
    }
  }
}

export async function readSnapshot(
  input: SnapshotInput,
  release: string,
  origin: string | undefined,
  options: {
    onProgress?: (done: number, total: number) => void;
    onWarning?: (message: string) => void;
    onFmodretTargets?: (names: string[]) => void;
  } = {},
): Promise<ReleaseSnapshot> {
  if (input.kind !== "git" && !existsSync(input.path))
    throw new Error(`${input.path}: no such file or directory`);
  if (input.kind === "tree" && !statSync(input.path).isDirectory()) {
    throw new Error(`${input.path}: --tree needs a directory (use --tarball for an archive)`);
  }
  try {
    let kfuncs: ReleaseSnapshot["kfuncs"];
    switch (input.kind) {
      case "tree":
        kfuncs = kfuncsFromSource(await extractFromTree(input.path, options));
        break;
      case "tarball":
        kfuncs = kfuncsFromSource(await extractFromTarball(input.path, options));
        break;
      case "git":
        kfuncs = kfuncsFromSource(await extractFromGit(input.path, input.ref ?? "", options));
        break;
      case "btf":
        kfuncs = kfuncsFromBtf(
          await readBtfKfuncsFromFile(input.path, input.base ? { base: input.base } : undefined),
        );
        break;
    }
    return {
      release,
      sourceKind: KIND[input.kind],
      origin: origin?.trim() || defaultOrigin(input),
      sourceRef: input.kind === "git" ? `${input.path}#${input.ref}` : input.path,
      kfuncs,
    };
  } catch (error) {
    // Name the input in every error, whichever reader raised it.
    const message = (error as Error).message;
    throw new Error(message.includes(input.path) ? message : `${input.path}: ${message}`);
  }
}
