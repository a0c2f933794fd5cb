import { describe, expect, it } from "vitest";
import { parseCatalogQuery } from "./parse-query";
import { catalogSearchString, restrictToOptions } from "./query";

describe("parseCatalogQuery", () => {
  it("reads a full deep link", () => {
    const q = parseCatalogQuery(
      new URLSearchParams(
        "state=stable&progType=XDP&release=v6.12&q=cpumask&sort=name.desc&page=2&pageSize=100&flag=ACQUIRE&subsystem=kernel/bpf",
      ),
    );
    expect(q).toEqual({
      state: "STABLE",
      progType: "XDP",
      release: "v6.12",
      q: "cpumask",
      sort: { field: "name", direction: "desc" },
      page: 2,
      pageSize: 100,
      flag: "ACQUIRE",
      subsystem: "kernel/bpf",
      hide: [],
      cols: "ingested",
    });
  });

  it("falls back to defaults field by field on junk", () => {
    const q = parseCatalogQuery({
      state: "shiny",
      progType: "<script>",
      release: "v6.12-rc1",
      sort: "drop table",
      page: "-4",
      pageSize: "7",
      flag: "x".repeat(200),
      subsystem: "../../etc",
      q: "ok",
    });
    expect(q).toEqual({
      state: undefined,
      progType: undefined,
      release: undefined,
      q: "ok",
      sort: { field: "name", direction: "asc" },
      page: 1,
      pageSize: 50,
      flag: undefined,
      subsystem: undefined,
      hide: [],
      cols: "ingested",
    });
  });

  it("takes the first of repeated parameters and normalises case and tags", () => {
    const q = parseCatalogQuery({ state: ["Deprecated", "stable"], release: "6.1", progType: "xdp" });
    expect(q.state).toBe("DEPRECATED");
    expect(q.release).toBe("v6.1");
    expect(q.progType).toBe("XDP");
  });

  it("reads hidden catalog columns and matrix columns, dropping unknown ones", () => {
    const q = parseCatalogQuery(new URLSearchParams("hide=flags,bogus,progTypes,flags&cols=all"));
    expect(q.hide).toEqual(["flags", "progTypes"]);
    // The matrix shows the ingested releases unless every known one is asked for.
    expect(q.cols).toBe("all");
    expect(parseCatalogQuery({ cols: "some" }).cols).toBe("ingested");
  });

  it("round-trips through the canonical query string, leaving defaults out", () => {
    const q = parseCatalogQuery(new URLSearchParams("state=removed&sort=lastSeen.desc&q=dynptr"));
    expect(catalogSearchString(q)).toBe("?state=removed&q=dynptr&sort=lastSeen.desc");
    expect(parseCatalogQuery(new URLSearchParams(catalogSearchString(q).slice(1)))).toEqual(q);
    expect(catalogSearchString(parseCatalogQuery({}))).toBe("");
  });
});

describe("restrictToOptions", () => {
  it("drops filter values the data does not have, keeping the rest", () => {
    const q = parseCatalogQuery(
      new URLSearchParams("release=v6.5&flag=NOPE&progType=XDP&subsystem=net/core&q=x"),
    );
    const options = {
      subsystems: ["kernel/bpf"],
      progTypes: ["XDP", "UNSPEC"],
      flags: ["ACQUIRE"],
      releases: ["v6.1", "v6.12"],
    };
    expect(restrictToOptions(q, options)).toMatchObject({
      release: undefined,
      flag: undefined,
      progType: "XDP",
      subsystem: undefined,
      q: "x",
    });
  });
});
