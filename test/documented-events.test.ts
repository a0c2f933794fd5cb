// The documented lifecycle facts of data/documented-events.json, loaded with the shipped releases
// (data/) into a real database, read as the kfunc page and the API read them. The expectations
// are the upstream facts each event records (its source is in the file), not copies of the data.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalogData } from "../lib/ingest/load-catalog";
import { getKfunc, type KfuncDetail } from "../lib/kfunc/get-kfunc";
import { setUpTestDatabase } from "./test-db";

const database = setUpTestDatabase();
let warnings: string[] = [];
beforeAll(async () => {
  const lines: string[] = [];
  await loadCatalogData(database.get().prisma, path.join(import.meta.dirname, "..", "data"), (l) =>
    lines.push(l),
  );
  warnings = lines.filter((l) => l.startsWith("warning:"));
}, 300_000);

async function kfunc(name: string): Promise<KfuncDetail> {
  const found = await getKfunc(name);
  if (!found) throw new Error(`${name} is not in the catalog`);
  return found;
}

const documented = (k: KfuncDetail, kind: string, release: string) =>
  k.events.find((e) => e.origin === "DOCUMENTED" && e.kind === kind && e.release === release);

describe("documented events from 6.13 to 7.3, as the kfunc page reads them", () => {
  it("load without a refusal: every one passes the lifecycle rules where it stands", () => {
    expect(warnings).toEqual([]);
  });

  it("the 7.1 _impl kfuncs are deprecated for their plain names, with no removal release announced", async () => {
    for (const impl of [
      "bpf_obj_new_impl",
      "bpf_obj_drop_impl",
      "bpf_percpu_obj_new_impl",
      "bpf_percpu_obj_drop_impl",
      "bpf_refcount_acquire_impl",
      "bpf_list_push_front_impl",
      "bpf_list_push_back_impl",
      "bpf_rbtree_add_impl",
    ]) {
      const k = await kfunc(impl);
      const plain = impl.replace(/_impl$/, "");
      expect({ state: k.state, deprecatedIn: k.deprecatedIn, replacement: k.replacement }, impl).toEqual({
        state: "DEPRECATED",
        deprecatedIn: "v7.1",
        replacement: plain,
      });
      // Upstream named none: the catalog says so instead of inventing one.
      expect(k.removalEarliest, impl).toBeNull();
      expect((await kfunc(plain)).replaces, plain).toContain(impl);
    }
  });

  it("the 7.0 _impl kfuncs are renamed to the names without _impl, each with its commit", async () => {
    for (const impl of [
      "bpf_wq_set_callback_impl",
      "bpf_task_work_schedule_resume_impl",
      "bpf_task_work_schedule_signal_impl",
      "bpf_stream_vprintk_impl",
    ]) {
      const k = await kfunc(impl);
      expect({ state: k.state, replacement: k.replacement }, impl).toEqual({
        state: "REMOVED",
        replacement: impl.replace(/_impl$/, ""),
      });
      const renamed = documented(k, "RENAMED", "v7.0");
      expect(renamed?.sourceUrl, impl).toMatch(/^https:\/\/git\.kernel\.org\/.*id=[0-9a-f]{40}$/);
      expect((renamed?.detail as { commit?: string } | undefined)?.commit, impl).toMatch(/^[0-9a-f]{40} /);
    }
  });

  it("bpf_stream_vprintk, renamed to _impl in 6.18, is back in 7.0 and replaced by nothing", async () => {
    const k = await kfunc("bpf_stream_vprintk");
    expect(documented(k, "RENAMED", "v6.18")).toBeDefined();
    expect(k.events.find((e) => e.kind === "REINTRODUCED")?.release).toBe("v7.0");
    expect({ state: k.state, replacement: k.replacement }).toEqual({ state: "UNSTABLE", replacement: null });
  });

  it("scx_bpf_cpu_rq: deprecated in 6.18 for scx_bpf_cpu_curr, removed in 7.3", async () => {
    const k = await kfunc("scx_bpf_cpu_rq");
    expect({ state: k.state, replacement: k.replacement, deprecatedIn: k.deprecatedIn }).toEqual({
      state: "REMOVED",
      replacement: "scx_bpf_cpu_curr",
      deprecatedIn: "v6.18",
    });
    const removal = documented(k, "REMOVED", "v7.3");
    // Read in the 7.3 source package, which is not a web address: shown as text.
    expect(removal?.sourceUrl).toMatch(/^debian:linux-source-7\.3 \(.+\) tools\/sched_ext\//);
    expect(k.availability.find((a) => a.release === "v7.2")?.availability).toBe("present");
    expect(k.availability.find((a) => a.release === "v7.3")?.availability).toBe("absent");
  });

  it("sched_ext's v6.23, a release that never existed, is kept as written and mapped to v7.3", async () => {
    const insert = await kfunc("scx_bpf_dsq_insert");
    expect(insert).toMatchObject({
      state: "DEPRECATED",
      deprecatedIn: "v6.19",
      replacement: "scx_bpf_dsq_insert___v2",
      removalEarliest: "v7.3",
      removalEarliestAsWritten: "v6.23",
    });
    expect(documented(insert, "DEPRECATED", "v6.19")?.rationale).toMatch(/v6\.23→v7\.3/);
    expect(await kfunc("scx_bpf_select_cpu_and")).toMatchObject({
      removalEarliest: "v7.2",
      removalEarliestAsWritten: "v6.22",
    });
    const v2 = await kfunc("scx_bpf_dsq_insert___v2");
    expect(v2.replaces).toContain("scx_bpf_dsq_insert");
    expect(documented(v2, "INTRODUCED", "v6.19")).toBeDefined();
  });

  it("bbr/cubictcp cwnd_event: the shipped 7.1 build agrees with the documented 7.1 removal, so no conflict", async () => {
    // Debian's 7.1 build in data/releases/v7.1.json has cubictcp_cwnd_event_tx_start and no
    // cubictcp_cwnd_event: nothing contradicts the document. (Had the build still had it, the
    // observation would win and the page would show the conflict: test/catalog-db.test.ts.)
    const cubic = await kfunc("cubictcp_cwnd_event");
    expect(cubic.presences.map((p) => p.release)).not.toContain("v7.1");
    expect((await kfunc("cubictcp_cwnd_event_tx_start")).presences.map((p) => p.release)).toContain("v7.1");
    for (const name of ["cubictcp_cwnd_event", "bbr_cwnd_event"]) {
      const k = await kfunc(name);
      expect({ state: k.state, replacement: k.replacement, conflicts: k.conflicts }, name).toEqual({
        state: "REMOVED",
        replacement: `${name}_tx_start`,
        conflicts: [],
      });
      expect(documented(k, "REMOVED", "v7.1"), name).toBeDefined();
    }
  });
});
