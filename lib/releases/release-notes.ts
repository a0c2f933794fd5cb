// Facts about a whole release that would otherwise read as a change of every kfunc. Shown on the
// release page. Each names where it can be checked.

import { TRUSTED_ARGS_DEFAULT_SINCE } from "./compare";

export interface ReleaseNote {
  text: string;
  /** Where the fact can be checked. */
  source: string;
}

const NOTES: Record<string, ReleaseNote[]> = {
  [TRUSTED_ARGS_DEFAULT_SINCE]: [
    {
      text: "Trusted arguments became the default for every kfunc, and KF_TRUSTED_ARGS left the declarations. Kfuncs that carried the flag did not change for programs; the catalog does not count its disappearance as a flag change.",
      source: "include/linux/btf.h in the v7.0 source tree (no KF_TRUSTED_ARGS)",
    },
    {
      text: "KF_IMPLICIT_ARGS: some kfuncs take hidden arguments the verifier supplies (a struct bpf_prog_aux *, or a struct btf_struct_meta * and what follows it). The catalog records the prototype BPF programs call, without them.",
      source: "include/linux/btf.h in the v7.0 source tree (KF_IMPLICIT_ARGS, bit 16)",
    },
  ],
};

export function releaseNotes(tag: string): ReleaseNote[] {
  return NOTES[tag] ?? [];
}
