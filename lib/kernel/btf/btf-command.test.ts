import { afterAll, describe, expect, it } from "vitest";
import { runBtf } from "../../../cli/commands/btf";
import { sampleBaseWriter, sampleSplit, scratchDir } from "./testing/sample-files";

// `kfunc btf` (cli/commands/btf.ts). It lives here because the command's folder belongs to the
// CLI's owner; it only drives runBtf with captured output.

const scratch = scratchDir();
afterAll(() => scratch.remove());

async function run(argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runBtf(argv, { out: (t) => stdout.push(t), err: (t) => stderr.push(t) });
  return { code, stdout: stdout.join(""), stderr: stderr.join("") };
}

describe("kfunc btf", () => {
  const file = scratch.write("vmlinux.btf", sampleBaseWriter().w.build());

  it("--json prints only the JSON array", async () => {
    const { code, stdout, stderr } = await run([file, "--json"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(JSON.parse(stdout)).toEqual([
      {
        name: "bpf_cast_to_kern_ctx",
        prototype: "void *bpf_cast_to_kern_ctx(void *obj)",
        tags: ["bpf_fastcall", "bpf_kfunc"],
      },
      {
        name: "bpf_cpumask_create",
        prototype: "struct bpf_cpumask *bpf_cpumask_create(void)",
        tags: ["bpf_kfunc"],
      },
    ]);
  });

  it("prints an aligned table and a count", async () => {
    const { code, stdout } = await run([file]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        "NAME                  TAGS                    PROTOTYPE",
        "bpf_cast_to_kern_ctx  bpf_fastcall,bpf_kfunc  void *bpf_cast_to_kern_ctx(void *obj)",
        "bpf_cpumask_create    bpf_kfunc               struct bpf_cpumask *bpf_cpumask_create(void)",
        "2 kfuncs",
        "",
      ].join("\n"),
    );
  });

  it("reads split BTF with --base", async () => {
    const { base, split } = sampleSplit();
    const basePath = scratch.write("base.btf", base);
    const { code, stdout } = await run([scratch.write("module.btf", split), "--base", basePath, "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      { name: "bbr_ssthresh", prototype: "int bbr_ssthresh(struct sock *sk)", tags: ["bpf_kfunc"] },
    ]);
  });

  it("exits 1 with the file name when the file cannot be read or parsed", async () => {
    const missing = await run([`${scratch.dir}/nope`]);
    expect(missing).toEqual({
      code: 1,
      stdout: "",
      stderr: `kfunc btf: ${scratch.dir}/nope: no such file\n`,
    });
    const missingBase = await run([file, "--base", `${scratch.dir}/no-base`]);
    expect(missingBase.stderr).toBe(`kfunc btf: ${file}: ${scratch.dir}/no-base: no such file\n`);
    const text = scratch.write("notes.txt", "hello");
    const bad = await run([text, "--json"]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(new RegExp(`^kfunc btf: ${text}: neither raw BTF .* nor ELF`));
  });

  it("exits 2 on usage errors", async () => {
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(
      "kfunc btf: missing <file>\nusage: kfunc btf <file> [--json] [--base <vmlinux>]\n",
    );
    expect((await run([file, "--verbose"])).stderr).toMatch(/^kfunc btf: unknown option '--verbose'\nusage:/);
    expect((await run([file, "--verbose"])).code).toBe(2);
    expect((await run([file, "--base"])).stderr).toMatch(/option '--base' needs a value/);
    expect((await run([file, "other"])).stderr).toMatch(/unexpected argument 'other'/);
    expect((await run(["--help"])).code).toBe(0);
  });
});
