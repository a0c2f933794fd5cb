// Integration: a source release compared with the BTF build before it can compare prototypes only;
// the release report names the source release to compare with for flags (getReleaseChanges).
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ingestSnapshot } from "../lib/ingest/ingest";
import { loadCatalogData } from "../lib/ingest/load-catalog";
import type { ReleaseSnapshot } from "../lib/ingest/snapshot";
import { getReleaseChanges } from "../lib/releases/get-releases";
import { setUpTestDatabase } from "./test-db";

const database = setUpTestDatabase();

beforeAll(async () => {
  const { prisma } = database.get();
  await loadCatalogData(prisma, path.join(import.meta.dirname, "fixtures", "catalog"));
  // A BTF build of v6.2 between the v6.1 and v6.12 source trees.
  const v61 = (await import("./fixtures/catalog/releases/v6.1.json")).default as ReleaseSnapshot;
  await ingestSnapshot(prisma, {
    release: "v6.2",
    sourceKind: "BTF",
    origin: "test BTF 6.2",
    sourceRef: "/sys/kernel/btf/vmlinux",
    kfuncs: v61.kfuncs.map((k) => ({ ...k, flags: [], progTypes: [], sets: [], definedIn: null })),
  });
});

describe("a release compared with a BTF build", () => {
  it("names the previous source release, which shows flag changes too", async () => {
    const against = await getReleaseChanges("v6.12");
    if (!against.found) throw new Error("v6.12 not found");
    expect(against.changes.base?.tag).toBe("v6.2");
    expect(against.changes.flagsBase).toBe("v6.1");
    expect(against.changes.diff.changed.some((c) => c.flags)).toBe(false);

    const withSource = await getReleaseChanges("v6.12", "v6.1");
    if (!withSource.found) throw new Error("v6.12 not found");
    expect(withSource.changes.flagsBase).toBeNull();
    expect(withSource.changes.diff.changed.find((c) => c.name === "bpf_task_acquire")?.flags).toEqual({
      before: ["ACQUIRE", "TRUSTED_ARGS"],
      after: ["ACQUIRE", "RET_NULL", "TRUSTED_ARGS"],
    });
  });

  it("names none when the base knows flags, or is newer, or the release is a BTF build", async () => {
    for (const [tag, vs] of [
      ["v6.12", "v6.1"],
      ["v6.1", "v6.2"],
      ["v6.18", undefined],
    ] as const) {
      const result = await getReleaseChanges(tag, vs);
      if (!result.found) throw new Error(`${tag} not found`);
      expect(result.changes.flagsBase, `${tag} vs ${vs}`).toBeNull();
    }
  });
});
