// Integration: the portability check (POST /api/v1/check) of real BPF objects compiled by clang,
// against the shipped catalog (data/), on a real database (PostgreSQL server when DATABASE_URL
// is set, embedded PGlite otherwise). What each fixture kfunc is for is written at the top of
// lib/check/fixtures/portability.bpf.c; the facts asserted are the kernel's (a kfunc added in
// v6.12 stays absent from v6.1 whatever data refresh comes).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as checkRoute } from "../app/api/v1/check/route";
import { GET as headerRoute } from "../app/api/v1/releases/[tag]/header/route";
import { callRoute } from "../lib/api/testing/call-route";
import type { CheckResponse } from "../lib/check/schemas";
import { type CompiledObject, canCompileBpf, compileBpf } from "../lib/check/testing/compile";
import { loadCatalogData } from "../lib/ingest/load-catalog";
import { BtfWriter } from "../lib/kernel/btf/testing/btf-writer";
import { setUpTestDatabase } from "./test-db";

const database = setUpTestDatabase();
beforeAll(async () => {
  await loadCatalogData(database.get().prisma, path.join(import.meta.dirname, "..", "data"));
}, 300_000);

// biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely and assert on them
async function post(body: FormData | object): Promise<{ status: number; json: any }> {
  const init: RequestInit =
    body instanceof FormData
      ? { method: "POST", body }
      : { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } };
  const response = await checkRoute(new Request("http://127.0.0.1/api/v1/check", init));
  return { status: response.status, json: await response.json() };
}

function upload(bytes: Uint8Array, name: string, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  form.set("file", new Blob([Buffer.from(bytes)]), name);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return form;
}

describe.skipIf(!canCompileBpf)("checking compiled objects", () => {
  const objects: Record<string, CompiledObject> = {};
  beforeAll(() => {
    objects.portability = compileBpf("portability.bpf.c");
    objects.portable = compileBpf("portable.bpf.c");
  });
  afterAll(() => {
    for (const o of Object.values(objects)) o.cleanup();
  });

  const check = async (which: string, fields: Record<string, string> = {}) => {
    const answer = await post(upload((objects[which] as CompiledObject).bytes, `${which}.bpf.o`, fields));
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    const body = answer.json as CheckResponse;
    if (body.type !== "program") throw new Error("expected a program report");
    return body.report;
  };

  it("says where each kfunc of the object exists, and why the object fails where it does", async () => {
    const report = await check("portability", { min: "v6.12" });
    const k = new Map(report.kfuncs.map((x) => [x.symbol, x]));
    const at = (symbol: string, release: string) =>
      k.get(symbol)?.releases.find((r) => r.release === release);

    // Added after v6.1, strong: fails there, with the __weak advice.
    expect(k.get("bpf_task_acquire")?.missingOn).toContain("v6.1");
    expect(at("bpf_task_acquire", "v6.12")?.verdict).toBe("ok");
    expect(k.get("bpf_task_acquire")?.warnings.map((w) => w.code)).toContain("strong-missing");
    // The same, weak: the program loads without it.
    expect(at("bpf_rcu_read_lock", "v6.1")?.verdict).toBe("optional-missing");
    // Renamed away in v6.16: removed, with its replacement, and fails where it is gone.
    expect(k.get("cgroup_rstat_updated")).toMatchObject({
      state: "REMOVED",
      replacement: "css_rstat_updated",
      removedIn: "v6.16",
    });
    expect(at("cgroup_rstat_updated", "v7.3")?.verdict).toBe("fails");
    // Deprecated in v6.13 for scx_bpf_dsq_insert, removed in v6.17.
    expect(k.get("scx_bpf_dispatch")).toMatchObject({
      state: "REMOVED",
      replacement: "scx_bpf_dsq_insert",
      deprecatedIn: "v6.13",
      removedIn: "v6.17",
    });
    // Compiled with an extra argument: libbpf refuses to resolve it, the load fails.
    expect(at("bpf_cpumask_first", "v7.3")).toMatchObject({ prototypeFit: "incompatible", verdict: "fails" });
    expect(
      k.get("bpf_cpumask_first")?.warnings.find((w) => w.code === "prototype-mismatch")?.message,
    ).toMatch(/takes 1 argument there, the program passes 2 arguments/);
    // Compiled with a u64 return where the kernel's returns u32: libbpf accepts it; a warning says so.
    expect(at("bpf_cpumask_weight", "v7.3")).toMatchObject({ prototypeFit: "differs", verdict: "ok" });
    expect(
      k.get("bpf_cpumask_weight")?.warnings.find((w) => w.code === "prototype-differs")?.message,
    ).toMatch(/returns u32 there, the program expects u64/);
    // Called from a SYSCALL program; its sets serve LSM and STRUCT_OPS only.
    expect(at("bpf_get_file_xattr", "v6.12")?.deniedFor).toEqual(["SYSCALL"]);
    // The flavour is dropped to find it, as libbpf does, even where the kernel's own name ends like
    // one: scx_bpf_reenqueue_local___v2 resolves as scx_bpf_reenqueue_local (returning u32, not
    // void), which libbpf refuses; being __weak, it is left unresolved.
    expect(k.get("bpf_iter_num_new___compat")).toMatchObject({ name: "bpf_iter_num_new", known: true });
    expect(k.get("scx_bpf_reenqueue_local___v2")).toMatchObject({
      name: "scx_bpf_reenqueue_local",
      known: true,
    });
    expect(at("scx_bpf_reenqueue_local___v2", "v7.3")).toMatchObject({
      prototypeFit: "incompatible",
      verdict: "optional-missing",
    });
    expect(k.get("scx_bpf_reenqueue_local___v2")?.warnings[0]?.code).toBe("flavour");
    // In the nf_conntrack module: it must be loaded.
    expect(k.get("bpf_xdp_ct_lookup")?.warnings.find((w) => w.code === "module-only")?.message).toMatch(
      /nf_conntrack/,
    );

    expect(report.summary.target.verdict).toBe("fail");
    expect(report.summary.target.failing).toContain("v6.12");
    expect(report.summary.exitCode).toBe(3);
    expect(report.summary.loadsOn).toEqual([]);
    expect(report.input.programs.map((p) => p.progType)).toEqual(["TRACING", "STRUCT_OPS", "XDP", "SYSCALL"]);
  });

  it("finds the oldest release a portable object loads on, and judges a target", async () => {
    const report = await check("portable", { min: "v6.12" });
    expect(report.summary.minRelease).toBe("v6.12");
    expect(report.summary.loadsOn).toContain("v7.3");
    expect(report.summary.failsOn).toEqual(["v6.1"]);
    expect(report.summary).toMatchObject({ exitCode: 0, target: { verdict: "pass" } });

    const old = await check("portable", { release: "v6.1" });
    expect(old.summary).toMatchObject({ exitCode: 3, target: { verdict: "fail", failing: ["v6.1"] } });
  });
});

describe("checking names and source", () => {
  it("exits 2 for a deprecated kfunc that still loads on the target", async () => {
    const answer = await post({ names: "scx_bpf_reenqueue_local" });
    expect(answer.status).toBe(200);
    expect(answer.json.report.summary).toMatchObject({
      exitCode: 2,
      deprecated: ["scx_bpf_reenqueue_local"],
      target: { verdict: "pass" },
    });
    expect(answer.json.report.kfuncs[0]).toMatchObject({ replacement: "scx_bpf_reenqueue_local___v2" });
  });

  it("reads weak declarations and prototypes from pasted source", async () => {
    const answer = await post({
      source:
        "extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym;\n" +
        "extern void bpf_rcu_read_lock(void) __ksym __weak;\n" +
        "extern int bpf_cpumask_first(const struct cpumask *m) __ksym; /* the kernel's returns u32 */\n",
      release: "v6.1",
    });
    expect(answer.status).toBe(200);
    const kfuncs = answer.json.report.kfuncs as { symbol: string; weak: boolean }[];
    expect(kfuncs.map((k) => [k.symbol, k.weak])).toEqual([
      ["bpf_task_acquire", false],
      ["bpf_rcu_read_lock", true],
      ["bpf_cpumask_first", false],
    ]);
    expect(answer.json.report.summary.exitCode).toBe(3);
  });

  it("refuses bad input with a 400 that names the field", async () => {
    const cases: [FormData | object, string, RegExp][] = [
      [{ names: "bpf_task_acquire; DROP TABLE kfunc" }, "names", /not a kfunc name/],
      [{ names: "bpf_task_acquire", source: "x" }, "body", /exactly one of names or source/],
      [{ names: "bpf_task_acquire", release: "v2.6" }, "release", /outside the releases the catalog covers/],
      [{ names: "bpf_task_acquire", release: "latest" }, "release", /not a release tag/],
      [{ names: ["a"], extra: 1 }, "body", /Unrecognized key/i],
      [{ source: "int main(void) { return 0; }" }, "source", /no kfunc declarations/],
      [upload(new TextEncoder().encode("hello\n"), "notes.txt"), "file", /notes\.txt is text/],
      [
        upload(Uint8Array.of(0, 1, 2, 3, 4, 5), "blob.bin"),
        "file",
        /neither a BPF object .* it starts with 00 01 02 03/,
      ],
      [upload(Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0), "cut.o"), "file", /cut\.o: corrupt ELF/],
      [upload(new Uint8Array(), "empty.o"), "file", /empty/],
    ];
    for (const [body, field, message] of cases) {
      const answer = await post(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.json.error.issues[0].param, JSON.stringify(answer.json)).toBe(field);
      expect(answer.json.error.message).toMatch(message);
    }
    const form = upload(Uint8Array.of(1), "x.o");
    form.set("comment", "hi");
    expect((await post(form)).json.error.issues[0]).toEqual({ param: "comment", message: "unknown field" });
  });

  it("stops reading a body without a length once it passes the limit", async () => {
    let sent = 0;
    const chunk = new Uint8Array(1024 * 1024);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        if (sent > 64 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await checkRoute(
      new Request("http://127.0.0.1/api/v1/check", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        duplex: "half",
      } as RequestInit),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/uploads are limited to 16777216 bytes/);
    expect(sent).toBeLessThan(20 * 1024 * 1024);
  });

  it("refuses an upload over the limit before reading it", async () => {
    const response = await checkRoute(
      new Request("http://127.0.0.1/api/v1/check", {
        method: "POST",
        headers: {
          "content-type": "multipart/form-data; boundary=x",
          "content-length": String(64 * 1024 * 1024),
        },
        body: "--x--",
      }),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/limited to 16777216 bytes/);
  });
});

describe("checking a kernel's BTF", () => {
  it("says what the kernel has, lacks and adds, and whose prototypes differ", async () => {
    // A tiny "kernel": two v6.12 kfuncs (one with another prototype) and a backported one.
    const w = new BtfWriter();
    const int = w.int("int", 4, { signed: true });
    const u64 = w.int("long long unsigned int", 8);
    const task = w.struct("task_struct", 8, []);
    const taskPtr = w.ptr(task);
    const acquire = w.func("bpf_task_acquire", w.funcProto(taskPtr, [["p", taskPtr]]));
    const first = w.func(
      "bpf_cpumask_first",
      w.funcProto(u64, [["cpumask", w.ptr(w.struct("cpumask", 8, []))]]),
    );
    const backport = w.func("vendor_backport_kfunc", w.funcProto(int, []));
    for (const f of [acquire, first, backport]) w.declTag("bpf_kfunc", f);
    const answer = await post(upload(w.build(), "vmlinux", { release: "v6.12" }));
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(answer.json.type).toBe("kernel");
    const report = answer.json.report;
    expect(report.comparedWith).toBe("v6.12");
    expect(report.has.map((h: { name: string }) => h.name).sort()).toEqual([
      "bpf_cpumask_first",
      "bpf_task_acquire",
    ]);
    expect(report.lacks.map((l: { name: string }) => l.name)).toContain("bpf_task_release");
    expect(report.extra).toEqual([{ name: "vendor_backport_kfunc", known: false, module: null }]);
    expect(report.prototypeDiffers).toEqual([
      expect.objectContaining({
        name: "bpf_cpumask_first",
        reason: "returns u32 there, this kernel has u64",
      }),
    ]);
  });
});

describe("GET /api/v1/releases/{tag}/header", () => {
  it("declares every kfunc of the release __weak, with its state and, if deprecated, its schedule", async () => {
    const answer = await callRoute(headerRoute, "/api/v1/releases/v7.3/header", { params: { tag: "v7.3" } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toMatch(/^text\/x-c/);
    expect(answer.headers.get("content-disposition")).toBe('attachment; filename="kfuncs-v7.3.h"');
    expect(answer.text).toMatch(
      /^extern struct task_struct \*bpf_task_acquire\(struct task_struct \*p\) __ksym __weak;$/m,
    );
    expect(answer.text).toMatch(
      /deprecated in v6\.19, use scx_bpf_reenqueue_local___v2, removal no earlier than v7\.3 \*\/\nextern u32 scx_bpf_reenqueue_local\(void\) __ksym __weak;/,
    );
    expect(answer.text).not.toMatch(/\bcgroup_rstat_updated\b/); // gone since v6.16
    const only = await callRoute(headerRoute, "/api/v1/releases/v7.3/header?state=deprecated", {
      params: { tag: "v7.3" },
    });
    expect(only.text.match(/__ksym __weak;/g)?.length).toBeLessThan(20);
    expect(only.text).not.toMatch(/bpf_task_acquire/);
    expect(
      (await callRoute(headerRoute, "/api/v1/releases/v5.4/header", { params: { tag: "v5.4" } })).status,
    ).toBe(404);
  });
});
