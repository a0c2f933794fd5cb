// Fuzzing what the pages read from their URLs: the catalog and matrix parser (lib/catalog/parse-query.ts)
// with the data functions it feeds, the release report's tag parser, the queue's and the check
// page's inputs, and a kfunc page's name. A page falls back to its defaults on junk and never fails:
// every case must parse to a valid view and be served by the data functions without an exception.
// Fixed seeds in the test names; FUZZ_SEED=<n> FUZZ_RUNS=<cases> explore further.
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { getCatalog, getCatalogExport, getCatalogFilterOptions } from "../lib/catalog/get-catalog";
import { parseCatalogQuery } from "../lib/catalog/parse-query";
import {
  type CatalogQuery,
  catalogSearchString,
  HIDEABLE_COLUMNS,
  PAGE_SIZES,
  type RawSearchParams,
  restrictToOptions,
  SORT_FIELDS,
} from "../lib/catalog/query";
import { checkFromQuery } from "../lib/check/get-check";
import { parseQueueQuery, QUEUE_SECTIONS } from "../lib/governance/queue-query";
import { loadCatalogData } from "../lib/ingest/load-catalog";
import { isKfuncName } from "../lib/kernel/names";
import { getKfunc } from "../lib/kfunc/get-kfunc";
import { LIFECYCLE_STATES } from "../lib/lifecycle/states";
import { getMatrix } from "../lib/matrix/get-matrix";
import { getReleaseChanges } from "../lib/releases/get-releases";
import { normaliseReleaseTag } from "../lib/releases/version";
import { fuzzSeed, HOSTILE_STRINGS, hostileString } from "../lib/security/testing/hostile";
import { hasControlCharacters } from "../lib/util/text";
import { setUpTestDatabase } from "./test-db";

const database = setUpTestDatabase();
beforeAll(async () => {
  await loadCatalogData(database.get().prisma, path.join(import.meta.dirname, "fixtures", "catalog"));
});

/** Cases per property unless FUZZ_RUNS says otherwise: 3,000 pure ones, 150 that read the database. */
const PURE_RUNS = Number(process.env.FUZZ_RUNS) || 3_000;
const DB_RUNS = Number(process.env.FUZZ_RUNS) || 150;

const CATALOG_KEYS = [
  "state",
  "subsystem",
  "progType",
  "flag",
  "release",
  "q",
  "sort",
  "page",
  "pageSize",
  "hide",
  "cols",
];

/** searchParams as Next hands them to a page: a string, an array for a repeated key, or nothing. */
const rawSearchParams: fc.Arbitrary<RawSearchParams> = fc.dictionary(
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...CATALOG_KEYS) }, hostileString(12)),
  fc.oneof(
    { weight: 4, arbitrary: hostileString() },
    fc.array(hostileString(), { minLength: 0, maxLength: 3 }),
    fc.constant(undefined),
  ),
  { maxKeys: 6 },
);

function assertValidView(query: CatalogQuery): void {
  if (query.state !== undefined) expect(LIFECYCLE_STATES).toContain(query.state);
  if (query.subsystem !== undefined) expect(query.subsystem).toMatch(/^[a-z0-9_/-]{1,64}$/);
  for (const id of [query.progType, query.flag])
    if (id !== undefined) expect(id).toMatch(/^[A-Z0-9_]{1,64}$/);
  if (query.release !== undefined) expect(query.release).toMatch(/^v\d{1,2}\.\d{1,3}$/);
  expect(query.q.length).toBeLessThanOrEqual(100);
  expect(hasControlCharacters(query.q)).toBe(false);
  expect(SORT_FIELDS).toContain(query.sort.field);
  expect(["asc", "desc"]).toContain(query.sort.direction);
  expect(Number.isInteger(query.page) && query.page >= 1 && query.page <= 100_000).toBe(true);
  expect(PAGE_SIZES).toContain(query.pageSize);
  for (const column of query.hide) expect(HIDEABLE_COLUMNS).toContain(column);
  expect(["all", "ingested"]).toContain(query.cols);
  // The canonical link of the view parses back to the same view.
  expect(parseCatalogQuery(new URLSearchParams(catalogSearchString(query)))).toEqual(query);
}

describe("the catalog and matrix URL parser", () => {
  const seed = fuzzSeed(1201);
  it(`turns any searchParams into a valid view (seed ${seed}, ${PURE_RUNS} cases)`, () => {
    fc.assert(
      fc.property(rawSearchParams, (raw) => assertValidView(parseCatalogQuery(raw))),
      { seed, numRuns: PURE_RUNS },
    );
  });

  it("ignores each hostile value, keeping the other filters", () => {
    for (const key of CATALOG_KEYS) {
      for (const value of HOSTILE_STRINGS) {
        const query = parseCatalogQuery({ [key]: value, state: "removed" });
        assertValidView(query);
        if (key !== "state") expect(query.state).toBe("REMOVED");
      }
    }
  });

  const dbSeed = fuzzSeed(1202);
  it(`feeds the catalog, the matrix and the export without a failure (seed ${dbSeed}, ${DB_RUNS} cases)`, async () => {
    const options = await getCatalogFilterOptions();
    await fc.assert(
      fc.asyncProperty(rawSearchParams, async (raw) => {
        const parsed = parseCatalogQuery(raw);
        // The pages restrict the filters to the data's options; the export route does not.
        const restricted = restrictToOptions(parsed, options);
        const page = await getCatalog(restricted);
        expect(page.rows.length).toBeLessThanOrEqual(restricted.pageSize);
        const matrix = await getMatrix(restricted, restricted.cols === "ingested");
        expect(matrix.rows.length).toBeLessThanOrEqual(restricted.pageSize);
        await getCatalogExport(parsed);
      }),
      { seed: dbSeed, numRuns: DB_RUNS },
    );
  });
});

describe("the release report's tags", () => {
  const seed = fuzzSeed(1203);
  it(`normalise to vN.M or nothing (seed ${seed}, ${PURE_RUNS} cases)`, () => {
    fc.assert(
      fc.property(hostileString(), (text) => {
        const tag = normaliseReleaseTag(text);
        if (tag !== null) expect(tag).toMatch(/^v\d{1,2}\.\d{1,3}$/);
      }),
      { seed, numRuns: PURE_RUNS },
    );
  });

  const dbSeed = fuzzSeed(1204);
  it(`compare any two of them without a failure (seed ${dbSeed}, ${DB_RUNS} cases)`, async () => {
    const tag = fc.oneof(fc.constantFrom("v6.1", "v6.12", "v6.18", "v7.0"), hostileString(10));
    await fc.assert(
      fc.asyncProperty(tag, tag, async (a, b) => {
        const release = normaliseReleaseTag(a);
        const vs = normaliseReleaseTag(b) ?? undefined;
        if (release) await getReleaseChanges(release, vs);
      }),
      { seed: dbSeed, numRuns: DB_RUNS },
    );
  });
});

describe("a kfunc page's name", () => {
  // As app/kfuncs/[name]/page.tsx does: a name that is no C identifier is a 404 without a query.
  const kfuncPage = async (name: string) => (isKfuncName(name) ? await getKfunc(name) : null);
  const seed = fuzzSeed(1205);
  it(`finds the kfunc or nothing (seed ${seed}, ${DB_RUNS} cases)`, async () => {
    for (const name of HOSTILE_STRINGS) {
      if (name !== "bpf_task_acquire") expect(await kfuncPage(name), JSON.stringify(name)).toBeNull();
    }
    expect((await kfuncPage("bpf_task_acquire"))?.name).toBe("bpf_task_acquire");
    await fc.assert(
      fc.asyncProperty(hostileString(300), async (name) => {
        const kfunc = await kfuncPage(name);
        if (kfunc) expect(kfunc.name).toBe(name);
      }),
      { seed, numRuns: DB_RUNS },
    );
  });
});

describe("the queue and the check page", () => {
  it("the queue's show-all parameters fall back to the default", () => {
    const none = { proposals: false, deprecations: false, violations: false, candidates: false };
    for (const section of QUEUE_SECTIONS) {
      for (const value of HOSTILE_STRINGS) {
        expect(parseQueueQuery({ [section]: value }).showAll).toEqual(none);
        expect(parseQueueQuery({ [section]: [value, "all"] }).showAll).toEqual(none);
      }
      expect(parseQueueQuery({ [section]: "all" }).showAll).toEqual({ ...none, [section]: true });
    }
  });

  const seed = fuzzSeed(1206);
  it(`the check page answers a report or a message, never a failure (seed ${seed}, ${DB_RUNS} cases)`, async () => {
    // As app/check/page.tsx cuts them: names to 100,000 characters, the targets to 32.
    const names = fc.oneof(
      hostileString(),
      fc.array(hostileString(40), { maxLength: 8 }).map((l) => l.join(" ")),
    );
    const target = fc.oneof(fc.constantFrom("", "v6.1", "v6.18"), hostileString(32));
    await fc.assert(
      fc.asyncProperty(names, target, target, async (text, release, min) => {
        const result = await checkFromQuery(text.slice(0, 100_000), release.slice(0, 32), min.slice(0, 32));
        if (result && "error" in result) expect(result.error).toMatch(/\w/);
      }),
      { seed, numRuns: DB_RUNS },
    );
  });
});
