import { execFileSync, spawnSync } from "node:child_process";

// bpftool as the independent reference for what a BTF holds: `bpftool [-B base] btf dump file F`.

export function findBpftool(): string | null {
  for (const candidate of ["bpftool", "/usr/sbin/bpftool", "/sbin/bpftool"]) {
    if (spawnSync(candidate, ["version"], { stdio: "ignore" }).status === 0) return candidate;
  }
  return null;
}

/**
 * FUNC name → its decl tags on the function itself (component_idx=-1), for the FUNCs that carry
 * any, from bpftool's raw dump of `file` (split BTF against `base` when given).
 */
export function bpftoolFuncTags(tool: string, file: string, base?: string): Map<string, Set<string>> {
  const args = [...(base ? ["-B", base] : []), "btf", "dump", "file", file, "format", "raw"];
  const dump = execFileSync(tool, args, { maxBuffer: 1024 * 1024 * 1024, encoding: "utf8" });
  const funcNames = new Map<string, string>();
  const tags: [tag: string, typeId: string][] = [];
  for (const line of dump.split("\n")) {
    const func = /^\[(\d+)\] FUNC '([^']+)'/.exec(line);
    if (func) funcNames.set(func[1] as string, func[2] as string);
    const tag = /^\[\d+\] DECL_TAG '([^']+)' type_id=(\d+) component_idx=-1$/.exec(line);
    if (tag) tags.push([tag[1] as string, tag[2] as string]);
  }
  const byFunc = new Map<string, Set<string>>();
  for (const [tag, typeId] of tags) {
    const name = funcNames.get(typeId);
    if (name === undefined) continue;
    const set = byFunc.get(name) ?? new Set<string>();
    set.add(tag);
    byFunc.set(name, set);
  }
  return byFunc;
}

/** The kfuncs in bpftool's view: tagged bpf_kfunc, each with its sorted tags. */
export function bpftoolKfuncs(tool: string, file: string, base?: string): Map<string, string[]> {
  const kfuncs = new Map<string, string[]>();
  for (const [name, tags] of bpftoolFuncTags(tool, file, base)) {
    if (tags.has("bpf_kfunc")) kfuncs.set(name, [...tags].sort());
  }
  return new Map([...kfuncs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
