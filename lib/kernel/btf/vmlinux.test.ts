import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseBtf } from "./btf";
import { readBtfKfuncsFromFile } from "./read-file";
import { renderFuncPrototype } from "./render";

// This machine's kernel BTF, checked against bpftool's own dump of the same file.

const VMLINUX = "/sys/kernel/btf/vmlinux";

function findBpftool(): string | null {
  for (const candidate of ["bpftool", "/usr/sbin/bpftool", "/sbin/bpftool"]) {
    if (spawnSync(candidate, ["version"], { stdio: "ignore" }).status === 0) return candidate;
  }
  return null;
}

const bpftool = findBpftool();
const skipReason = !existsSync(VMLINUX)
  ? `${VMLINUX} is missing`
  : !bpftool
    ? "bpftool is not installed"
    : null;

/** FUNC names carrying each decl tag (component_idx -1), from `bpftool btf dump file`. */
function bpftoolTaggedFuncs(tool: string): Map<string, Set<string>> {
  const dump = execFileSync(tool, ["btf", "dump", "file", VMLINUX], {
    maxBuffer: 512 * 1024 * 1024,
    encoding: "utf8",
  });
  const funcNames = new Map<string, string>();
  const tagTargets: [tag: string, typeId: string][] = [];
  for (const line of dump.split("\n")) {
    const func = /^\[(\d+)\] FUNC '([^']+)'/.exec(line);
    if (func) funcNames.set(func[1] as string, func[2] as string);
    const tag = /^\[\d+\] DECL_TAG '([^']+)' type_id=(\d+) component_idx=-1$/.exec(line);
    if (tag) tagTargets.push([tag[1] as string, tag[2] as string]);
  }
  const byTag = new Map<string, Set<string>>();
  for (const [tag, typeId] of tagTargets) {
    const name = funcNames.get(typeId);
    if (name === undefined) continue;
    if (!byTag.has(tag)) byTag.set(tag, new Set());
    byTag.get(tag)?.add(name);
  }
  return byTag;
}

const TITLE = `kfuncs of ${VMLINUX}`;
describe.skipIf(skipReason !== null)(skipReason ? `${TITLE} (skipped: ${skipReason})` : TITLE, () => {
  it("lists exactly the FUNCs bpftool shows tagged bpf_kfunc, with their other tags", async () => {
    const expected = bpftoolTaggedFuncs(bpftool as string);
    const kfuncs = await readBtfKfuncsFromFile(VMLINUX);
    const names = kfuncs.map((k) => k.name);
    expect(expected.get("bpf_kfunc")?.size ?? 0).toBeGreaterThan(0);

    expect(new Set(names)).toEqual(expected.get("bpf_kfunc") ?? new Set());
    expect(names.length).toBe(new Set(names).size);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const k of kfuncs) {
      const expectedTags = [...expected].filter(([, funcs]) => funcs.has(k.name)).map(([tag]) => tag);
      expect(k.tags).toEqual(expectedTags.sort());
    }

    const byName = new Map(kfuncs.map((k) => [k.name, k]));
    const create = byName.get("bpf_cpumask_create");
    if (create) expect(create.prototype).toBe("struct bpf_cpumask *bpf_cpumask_create(void)");
    const acquire = byName.get("bpf_task_acquire");
    if (acquire)
      expect(acquire.prototype).toBe("struct task_struct *bpf_task_acquire(struct task_struct *p)");
    const rbtreeAdd = byName.get("bpf_rbtree_add_impl");
    if (rbtreeAdd)
      expect(rbtreeAdd.prototype).toContain("bool (*less)(struct bpf_rb_node *, const struct bpf_rb_node *)");
    const fastcall = [...(expected.get("bpf_fastcall") ?? [])].filter((name) => byName.has(name));
    for (const name of fastcall) expect(byName.get(name)?.tags).toEqual(["bpf_fastcall", "bpf_kfunc"]);
  });

  it("renders every FUNC of the kernel as a prototype", () => {
    const btf = parseBtf(readFileSync(VMLINUX));
    let funcs = 0;
    for (let id = 1; id < btf.typeCount; id++) {
      if (btf.kindOf(id) !== "FUNC") continue;
      const prototype = renderFuncPrototype(btf, id);
      expect(prototype).toContain(`${btf.nameOf(id)}(`);
      funcs++;
    }
    expect(funcs).toBeGreaterThan(1000);
  });
});
