// The line a BPF program writes to call a kfunc. Pure.

/** `extern <prototype> __ksym;` — or `__ksym __weak` for a kfunc the program can live without
 * (guarded at run time by bpf_ksym_exists(), libbpf ≥ 1.2). */
export function ksymDeclaration(prototype: string, weak = false): string {
  return `extern ${prototype.trim()} __ksym${weak ? " __weak" : ""};`;
}
