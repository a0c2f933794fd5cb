// KF_IMPLICIT_ARGS (v7.0): the kernel's definition takes trailing arguments the verifier
// supplies (a `struct bpf_prog_aux *`, or the `struct btf_struct_meta *` of bpf_obj_new and
// friends, with what follows it); BPF programs call the kfunc without them, and BTF's tagged
// FUNC has none of them (resolve_btfids cuts the list at the first implicit argument; the
// kernel's own function sits beside it as an untagged `<name>_impl`). The catalog records what
// programs call. Pure.

import { splitTopLevel } from "../prototype";

const IMPLICIT = /^(const\s+)?struct\s+(bpf_prog_aux|btf_struct_meta)\s*\*/;

export function bpfVisiblePrototype(prototype: string, flags: readonly string[]): string {
  if (!flags.includes("IMPLICIT_ARGS")) return prototype;
  const open = prototype.indexOf("(");
  const close = prototype.lastIndexOf(")");
  if (open < 0 || close < open) return prototype;
  const params = splitTopLevel(prototype.slice(open + 1, close));
  const first = params.findIndex((p) => IMPLICIT.test(p));
  const visible = first < 0 ? params : params.slice(0, first);
  return `${prototype.slice(0, open + 1)}${visible.length ? visible.join(", ") : "void"}${prototype.slice(close)}`;
}
