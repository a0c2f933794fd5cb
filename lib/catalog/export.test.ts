import { describe, expect, it } from "vitest";
import { catalogCsv, catalogJson, exportColumns } from "./export";
import type { CatalogExportRow } from "./get-catalog";

const ctLookup: CatalogExportRow = {
  name: "bpf_xdp_ct_lookup",
  state: "UNSTABLE",
  subsystem: "net/netfilter",
  firstSeen: "v6.1",
  lastSeen: "v6.12",
  prototype: 'struct nf_conn *bpf_xdp_ct_lookup(struct xdp_md *ctx, u32 "sz")',
  flags: ["ACQUIRE", "RET_NULL"],
  progTypes: ["XDP"],
  availability: [
    { release: "v6.1", availability: "present", modules: null },
    { release: "v6.2", availability: "inferred", modules: null },
    { release: "v6.3", availability: "inferred", modules: null },
    { release: "v6.12", availability: "present", modules: ["nf_conntrack"] },
    { release: "v6.18", availability: "not-in-build", modules: null },
  ],
};

describe("catalogCsv", () => {
  it("writes a header and quotes fields with commas, quotes and newlines", () => {
    const csv = catalogCsv([ctLookup]);
    expect(csv.split("\r\n")).toEqual([
      "name,state,subsystem,firstSeen,lastSeen,prototype,flags,progTypes,presentIn,inferredIn",
      'bpf_xdp_ct_lookup,UNSTABLE,net/netfilter,v6.1,v6.12,"struct nf_conn *bpf_xdp_ct_lookup(struct xdp_md *ctx, u32 ""sz"")",ACQUIRE|RET_NULL,XDP,v6.1|v6.12,v6.2|v6.3',
      "",
    ]);
  });

  it("keeps the availability columns when the view hides others", () => {
    const [header] = catalogCsv([ctLookup], ["flags", "progTypes"]).split("\r\n");
    expect(header).toBe("name,state,subsystem,firstSeen,lastSeen,prototype,presentIn,inferredIn");
  });
});

describe("catalogJson", () => {
  it("gives each kfunc the view's columns and its availability in every release", () => {
    const json = catalogJson([ctLookup], ["subsystem", "flags"], "/kfuncs?q=ct&hide=subsystem,flags");
    expect(json).toEqual({
      view: "/kfuncs?q=ct&hide=subsystem,flags",
      count: 1,
      kfuncs: [
        {
          name: "bpf_xdp_ct_lookup",
          state: "UNSTABLE",
          firstSeen: "v6.1",
          lastSeen: "v6.12",
          prototype: ctLookup.prototype,
          progTypes: ["XDP"],
          availability: ctLookup.availability,
        },
      ],
    });
  });
});

describe("exportColumns", () => {
  it("leaves out the columns the view hides", () => {
    expect(exportColumns(["flags", "progTypes"])).toEqual([
      "name",
      "state",
      "subsystem",
      "firstSeen",
      "lastSeen",
      "prototype",
    ]);
  });
});
