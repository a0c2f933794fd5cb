import { describe, expect, it } from "vitest";
import { catalogCsv, exportColumns } from "./export";

describe("catalogCsv", () => {
  it("writes a header and quotes fields with commas, quotes and newlines", () => {
    const csv = catalogCsv([
      {
        name: "bpf_xdp_ct_lookup",
        state: "UNSTABLE",
        subsystem: "net/netfilter",
        firstSeen: "v6.1",
        lastSeen: "v6.12",
        prototype: 'struct nf_conn *bpf_xdp_ct_lookup(struct xdp_md *ctx, u32 "sz")',
        flags: ["ACQUIRE", "RET_NULL"],
        progTypes: ["XDP"],
      },
    ]);
    expect(csv.split("\r\n")).toEqual([
      "name,state,subsystem,firstSeen,lastSeen,prototype,flags,progTypes",
      'bpf_xdp_ct_lookup,UNSTABLE,net/netfilter,v6.1,v6.12,"struct nf_conn *bpf_xdp_ct_lookup(struct xdp_md *ctx, u32 ""sz"")",ACQUIRE|RET_NULL,XDP',
      "",
    ]);
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
