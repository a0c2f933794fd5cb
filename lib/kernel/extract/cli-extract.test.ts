// The `kfunc extract` command (cli/commands/extract.ts) on fixture trees.

import { describe, expect, it } from "vitest";
import { runExtract } from "../../../cli/commands/extract";
import { fixturePath } from "./test-helpers";

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runExtract(argv, {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    errIsTty: false,
  });
  return { code, stdout, stderr };
}

describe("kfunc extract", () => {
  it("--json prints only a JSON array on stdout; progress and warnings go to stderr", async () => {
    const { code, stdout, stderr } = await run([fixturePath("trap-entry-syntax"), "--json"]);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { name: string }[];
    expect(parsed.map((k) => k.name)).toContain("bpf_iter_num_next");
    expect(stderr).toContain("kfunc extract: reading ");
    expect(stderr).toContain("kfunc extract: 6 kfuncs in ");
    expect(stderr).toContain(
      "kfunc extract: warning: kernel/bpf/iter_kfuncs.c:50: unknown flag KF_FUTURE_FLAG",
    );
  });

  it("prints a table with name, flags, program types and file:line, then a count", async () => {
    const { code, stdout } = await run([fixturePath("era-6.3")]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NAME\s+FLAGS\s+PROG TYPES\s+FILE:LINE$/);
    expect(lines[1]).toMatch(
      /^bpf_cpumask_create\s+ACQUIRE,RET_NULL\s+TRACING\s+kernel\/bpf\/cpumask\.c:21$/,
    );
    expect(lines.at(-1)).toBe("3 kfuncs");
  });

  it("reports unusable input with exit 1 and usage errors with exit 2", async () => {
    const missing = await run(["/nonexistent/kernel"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^kfunc extract: \/nonexistent\/kernel does not exist/m);
    expect(missing.stdout).toBe("");

    const notKernel = await run([fixturePath("")]);
    expect(notKernel.code).toBe(1);
    expect(notKernel.stderr).toMatch(/kfunc extract: .* is not a kernel source tree/);

    for (const argv of [
      [],
      ["a", "b"],
      ["--git", "repo"],
      ["--ref", "v6.1", "tree"],
      ["--bogus", "tree"],
      ["--git", "repo", "--ref", "v1", "tree"],
    ]) {
      const usage = await run(argv);
      expect(usage.code, argv.join(" ")).toBe(2);
      expect(usage.stderr).toContain("usage: kfunc extract");
    }
  });
});
