// `kfunc scan`, `check`, `probe` and `header` as a CI job runs them: real processes on a fresh
// embedded database in a temporary directory, which the first command creates and loads (here
// from the small test catalog, test/fixtures/catalog), and exit codes as pluto's.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CompiledObject, canCompileBpf, compileBpf } from "../lib/check/testing/compile";
import { BtfWriter } from "../lib/kernel/btf/testing/btf-writer";

const root = path.resolve(import.meta.dirname, "..");
let scratch: string;
let dataDir: string;

function kfunc(...args: string[]) {
  return kfuncIn(root, ...args);
}

function kfuncIn(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(root, "bin", "kfunc"), ...args], {
    cwd,
    env: {
      ...process.env,
      KFUNC_DATA_DIR: dataDir,
      KFUNC_CATALOG_DIR: path.join(root, "test", "fixtures", "catalog"),
      DATABASE_URL: "",
    },
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "kfunc-cli-check-"));
  dataDir = path.join(scratch, "pglite");
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("kfunc check", () => {
  it("creates and loads the embedded catalog on first use, then answers from the saved facts", () => {
    // Run from another directory, as a CI job runs it from its own checkout: the catalog's
    // migrations and data are found from the command's install, not the working directory.
    const first = kfuncIn(scratch, "check", "bpf_task_acquire");
    expect(first.stderr).toMatch(/setting up the embedded catalog database/);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^KFUNC\s+STATE\s+REPLACEMENT\s+DEPRECATED IN\s+REMOVED IN\s+MISSING ON$/m);
    expect(first.stdout).toMatch(/Target v6\.18 \(the newest ingested release\): PASS/);
    expect(existsSync(`${dataDir}.facts.json`)).toBe(true);

    // The next run reads the saved facts: it does not even open the database (whose owner file
    // every opener rewrites with its pid).
    const owner = readFileSync(`${dataDir}.owner`, "utf8");
    writeFileSync(`${dataDir}.owner`, "marker\n");
    expect(kfunc("check", "bpf_task_acquire").code).toBe(0);
    expect(readFileSync(`${dataDir}.owner`, "utf8")).toBe("marker\n");
    writeFileSync(`${dataDir}.owner`, owner);
  }, 120_000);

  it("exits 3 when a kfunc is missing on the target, and names where", () => {
    const result = kfunc("check", "bpf_cpumask_create", "--release", "v6.1");
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^bpf_cpumask_create\s+unstable\s+-\s+-\s+-\s+v6\.1$/m);
    expect(result.stdout).toMatch(/Target v6\.1: FAIL/);
  });

  it("exits 3 for a removed kfunc, with its replacement and schedule in pluto's columns", () => {
    const result = kfunc("check", "scx_bpf_dispatch", "--min", "v6.12");
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(
      /^scx_bpf_dispatch\s+removed\s+scx_bpf_dsq_insert\s+v6\.13\s+v6\.17\s+v6\.1, v6\.18$/m,
    );
  });

  it("gives the report as JSON and as Markdown for a pull request", () => {
    const json = kfunc("check", "bpf_task_acquire", "bpf_cpumask_create", "--format", "json");
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.summary).toMatchObject({ minRelease: "v6.12", exitCode: 0 });
    const markdown = kfunc("check", "bpf_cpumask_create", "--format", "markdown", "--release", "v6.1");
    expect(markdown.code).toBe(3);
    expect(markdown.stdout).toMatch(
      /^\| KFUNC \| STATE \| REPLACEMENT \| DEPRECATED IN \| REMOVED IN \| MISSING ON \|$/m,
    );
    expect(markdown.stdout).toMatch(/^\| bpf_cpumask_create \| unstable \| - \| - \| - \| v6\.1 \|$/m);
  });

  it("exits 1 with a message for bad usage and bad input", () => {
    const cases: [string[], RegExp][] = [
      [[], /give a BPF object, a C source file or kfunc names/],
      [["bpf_task_acquire", "--format", "xml"], /--format 'xml' is not one of table, json, markdown/],
      [["bpf_task_acquire", "--release", "v6.1", "--min", "v6.12"], /not both/],
      [
        ["bpf_task_acquire", "--release", "v9.9"],
        /v9\.9 is outside the releases the catalog covers \(v6\.1 to v6\.18\)/,
      ],
      [["./missing.bpf.o"], /missing\.bpf\.o: no such file/],
      [["bpf-task"], /'bpf-task' is not a kfunc name/],
      [["bpf_task_acquire", "--api", "ftp://x"], /must be an http:\/\/ or https:\/\/ URL/],
      [["bpf_task_acquire", "--bogus"], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const result = kfunc("check", ...args);
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe("");
    }
    const text = path.join(scratch, "notes.txt");
    writeFileSync(text, "just some notes\n");
    expect(kfunc("check", text)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/notes\.txt is text/),
    });
  });
});

describe.skipIf(!canCompileBpf)("kfunc scan and check on a compiled object", () => {
  let object: CompiledObject;
  beforeAll(() => {
    object = compileBpf("portability.bpf.c");
  });
  afterAll(() => object.cleanup());

  it("scan lists the object's kfuncs and programs, as a table or as JSON", () => {
    const table = kfunc("scan", object.objectPath);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^4 programs, 12 kfuncs$/m);
    expect(table.stdout).toMatch(/^dispatch\s+struct_ops\/dispatch\s+STRUCT_OPS\s+bpf_cpumask_first, /m);
    const json = JSON.parse(kfunc("scan", object.objectPath, "--json").stdout);
    expect(json.kfuncs).toHaveLength(12);
    expect(kfunc("scan", path.join(root, "package.json"))).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/not an ELF file/),
    });
  });

  it("check judges the object: exit 3, with what stops it", () => {
    const result = kfunc("check", object.objectPath, "--format", "json");
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout);
    expect(report.input).toMatchObject({ kind: "object", label: path.basename(object.objectPath) });
    expect(report.kfuncs.find((k: { symbol: string }) => k.symbol === "bpf_rcu_read_lock")).toMatchObject({
      weak: true,
    });
  });
});

describe("the saved facts follow the database", () => {
  it("a check after an ingest sees what the ingest wrote", () => {
    const before = JSON.parse(kfunc("check", "bpf_brand_new", "--format", "json").stdout);
    expect(before.kfuncs[0]).toMatchObject({ known: false });
    const w = new BtfWriter();
    const task = w.ptr(w.struct("task_struct", 8, []));
    w.declTag("bpf_kfunc", w.func("bpf_task_acquire", w.funcProto(task, [["p", task]])));
    w.declTag("bpf_kfunc", w.func("bpf_brand_new", w.funcProto(0, [])));
    const file = path.join(scratch, "v6.18.btf");
    writeFileSync(file, w.build());
    const ingest = kfunc("ingest", "--release", "v6.18", "--btf", file);
    expect(ingest.code, ingest.stderr).toBe(0);
    const after = JSON.parse(kfunc("check", "bpf_brand_new", "--format", "json").stdout);
    expect(after.kfuncs[0]).toMatchObject({ known: true, presentIn: ["v6.18"] });
  }, 60_000);
});

describe("kfunc probe and header", () => {
  it("probe compares a kernel's BTF with the release it claims", () => {
    const w = new BtfWriter();
    const task = w.ptr(w.struct("task_struct", 8, []));
    w.declTag("bpf_kfunc", w.func("bpf_task_acquire", w.funcProto(task, [["p", task]])));
    w.declTag("bpf_kfunc", w.func("vendor_extra", w.funcProto(0, [])));
    const file = path.join(scratch, "vmlinux.btf");
    writeFileSync(file, w.build());
    const result = kfunc("probe", file, "--release", "v6.12", "--json");
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.comparedWith).toBe("v6.12");
    expect(report.has).toEqual([{ name: "bpf_task_acquire", module: null }]);
    expect(report.lacks.map((l: { name: string }) => l.name)).toContain("bpf_cpumask_create");
    expect(report.extra).toEqual([{ name: "vendor_extra", known: false, module: null }]);
    expect(kfunc("probe", path.join(root, "package.json"))).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/is text/),
    });
  });

  it("header declares the release's kfuncs, all __weak", () => {
    const result = kfunc("header", "--release", "v6.12");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^extern struct bpf_cpumask \*bpf_cpumask_create\(void\) __ksym __weak;$/m);
    expect(result.stdout).not.toMatch(/bpf_task_kptr_get/); // only in v6.1
    const out = path.join(scratch, "k.h");
    expect(kfunc("header", "--release", "v6.12", "--state", "removed", "-o", out).code).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/scx_bpf_dispatch/);
    expect(kfunc("header", "--release", "v6.12", "--state", "gone")).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/'GONE' is not a lifecycle state/),
    });
    expect(kfunc("header")).toMatchObject({ code: 1, stderr: expect.stringMatching(/missing --release/) });
  });
});
