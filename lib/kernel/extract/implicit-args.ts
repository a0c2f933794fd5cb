// KF_IMPLICIT_ARGS (v7.0): the kernel's definition takes a trailing `struct bpf_prog_aux *` that
// the verifier passes; BPF programs call the kfunc without it, and BTF's tagged FUNC has no such
// parameter (the kernel's own function sits beside it as an untagged `<name>_impl`). The catalog
// records what programs call: the prototype without the hidden argument. Pure.

import { splitTopLevel } from "../prototype";

const HIDDEN = /^(const\s+)?struct\s+bpf_prog_aux\s*\*/;

export function bpfVisiblePrototype(prototype: string, flags: readonly string[]): string {
  if (!flags.includes("IMPLICIT_ARGS")) return prototype;
  const open = prototype.indexOf("(");
  const close = prototype.lastIndexOf(")");
  if (open < 0 || close < open) return prototype;
  const params = splitTopLevel(prototype.slice(open + 1, close)).filter((p) => !HIDDEN.test(p));
  return `${prototype.slice(0, open + 1)}${params.length ? params.join(", ") : "void"}${prototype.slice(close)}`;
}
