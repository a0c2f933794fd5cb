// Integration: the CSV and JSON exports (/export/kfuncs.csv, /export/kfuncs.json) against a real
// database loaded with the fixture catalog: every kfunc of the view with its availability in every
// known release, read as the matrix reads it.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as exportCsv } from "../app/export/kfuncs.csv/route";
import { GET as exportJson } from "../app/export/kfuncs.json/route";
import { callRoute } from "../lib/api/testing/call-route";
import { ingestSnapshot } from "../lib/ingest/ingest";
import { loadCatalogData } from "../lib/ingest/load-catalog";
import { btfSnapshotKfunc } from "../lib/ingest/snapshot";
import { setUpTestDatabase } from "./test-db";

const database = setUpTestDatabase();
beforeAll(async () => {
  await loadCatalogData(database.get().prisma, path.join(import.meta.dirname, "fixtures", "catalog"));
});

/** name → [presentIn, inferredIn]: the first and the last two fields of each row. */
async function csvAvailability(qs: string): Promise<Record<string, [string, string]>> {
  const answer = await callRoute(exportCsv, `/export/kfuncs.csv${qs}`);
  expect(answer.status).toBe(200);
  const [header, ...rows] = answer.text.trimEnd().split("\r\n");
  expect(header?.split(",").slice(-2)).toEqual(["presentIn", "inferredIn"]);
  return Object.fromEntries(
    rows.map((row) => {
      const fields = row.split(",");
      return [fields[0], fields.slice(-2)];
    }),
  );
}

async function jsonExport(qs: string) {
  const answer = await callRoute(exportJson, `/export/kfuncs.json${qs}`);
  expect(answer.status).toBe(200);
  return answer.json() as {
    count: number;
    kfuncs: {
      name: string;
      availability: { release: string; availability: string; modules: string[] | null }[];
    }[];
  };
}

const availabilityOf = async (name: string, qs = "") =>
  (await jsonExport(qs)).kfuncs
    .find((k) => k.name === name)
    ?.availability.map((a) => [a.release, a.availability, ...(a.modules ? [a.modules] : [])]);

describe("exports carry availability", () => {
  it("CSV: one row per kfunc with the releases where it is present and where inferred", async () => {
    // The fixture ingests v6.1 (source), v6.12 (tarball) and v6.18 (BTF); v6.2, v6.13, v6.15 and
    // v6.17 are known releases that were not ingested.
    const rows = await csvAvailability("");
    expect(Object.keys(rows)).toHaveLength(8);
    // In v6.12 and v6.18, nothing documented between: present in v6.13, v6.15 and v6.17 too.
    expect(rows.bpf_cpumask_create).toEqual(["v6.12|v6.18", "v6.13|v6.15|v6.17"]);
    // Its flags changed in v6.12, so v6.2 (between v6.1 and v6.12) is not inferred; after v6.12 it is.
    expect(rows.bpf_task_acquire).toEqual(["v6.1|v6.12|v6.18", "v6.13|v6.15|v6.17"]);
    // Deprecated in v6.13 by a document, then absent from the BTF of v6.18: nothing to infer.
    expect(rows.scx_bpf_dispatch).toEqual(["v6.12", ""]);
    // Known only from a document: in no release.
    expect(rows.scx_bpf_dsq_insert).toEqual(["", ""]);
  });

  it("CSV: the view's filters choose the rows, not the releases", async () => {
    expect(await csvAvailability("?q=cpumask&hide=flags,progTypes")).toEqual({
      bpf_cpumask_create: ["v6.12|v6.18", "v6.13|v6.15|v6.17"],
    });
  });

  it("JSON: every known release, oldest first, with what can be said there", async () => {
    const body = await jsonExport("");
    expect(body.count).toBe(8);
    expect(await availabilityOf("bpf_cpumask_create")).toEqual([
      ["v6.1", "not-yet"],
      ["v6.2", "unknown"],
      ["v6.12", "present"],
      ["v6.13", "inferred"],
      ["v6.15", "inferred"],
      ["v6.17", "inferred"],
      ["v6.18", "present"],
    ]);
    expect(await availabilityOf("bpf_task_kptr_get")).toEqual([
      ["v6.1", "present"],
      ["v6.2", "unknown"],
      ["v6.12", "absent"],
      ["v6.13", "unknown"],
      ["v6.15", "unknown"],
      ["v6.17", "unknown"],
      // The v6.18 build lacks it after the v6.12 source showed it removed: absent, not "not built".
      ["v6.18", "absent"],
    ]);
  });

  it("JSON: a release ingested later narrows the inference and names the module to load", async () => {
    // The BTF of a v6.15 build: bpf_xdp_ct_lookup only in the nf_conntrack module.
    await ingestSnapshot(database.get().prisma, {
      release: "v6.15",
      sourceKind: "BTF",
      origin: "test build 6.15",
      sourceRef: "vmlinux",
      kfuncs: [
        btfSnapshotKfunc(
          "bpf_cpumask_create",
          "struct bpf_cpumask *bpf_cpumask_create(void)",
          [],
          ["vmlinux"],
        ),
        btfSnapshotKfunc(
          "bpf_xdp_ct_lookup",
          "struct nf_conn *bpf_xdp_ct_lookup(struct xdp_md *xdp_ctx, struct bpf_sock_tuple *bpf_tuple, u32 tuple__sz, struct bpf_ct_opts *opts, u32 opts__sz)",
          [],
          ["nf_conntrack"],
        ),
      ],
    });
    expect(await availabilityOf("bpf_xdp_ct_lookup", "?subsystem=net/netfilter")).toEqual([
      ["v6.1", "present"],
      ["v6.2", "inferred"],
      ["v6.12", "present"],
      ["v6.13", "inferred"],
      ["v6.15", "present", ["nf_conntrack"]],
      ["v6.17", "unknown"], // the v6.18 build lacks it: proves nothing either way
      ["v6.18", "not-in-build"],
    ]);
    expect((await csvAvailability("?q=cpumask")).bpf_cpumask_create).toEqual([
      "v6.12|v6.15|v6.18",
      "v6.13|v6.17",
    ]);
  });
});
