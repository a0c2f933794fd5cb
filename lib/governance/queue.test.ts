import { describe, expect, it } from "vitest";
import { evidenceOf } from "../releases/evidence";
import {
  ageWords,
  type CandidateInput,
  candidateScore,
  compareViolations,
  type DeprecationInput,
  durationWords,
  firstDeprecations,
  groupDeprecations,
  overdueIn,
  type QueueRelease,
  type RunRelease,
  rankCandidates,
  unchangedRun,
  withDaysAt,
} from "./queue";

const SOURCE = evidenceOf("SOURCE_TREE");
const BTF = evidenceOf("BTF");

const RELEASES: QueueRelease[] = [
  { tag: "v6.19", releasedOn: "2026-02-08", ingested: true },
  { tag: "v7.0", releasedOn: "2026-04-12", ingested: true },
  { tag: "v7.1", releasedOn: null, ingested: false },
  { tag: "v7.2", releasedOn: null, ingested: true },
  { tag: "v7.3", releasedOn: null, ingested: false },
];
const NOW = new Date("2026-08-08T12:00:00Z");

const deprecation = (over: Partial<DeprecationInput> & { name: string }): DeprecationInput => ({
  replacement: null,
  deprecatedIn: "v6.19",
  removalEarliest: "v7.3",
  deprecatedOn: "2026-02-08",
  newestIn: "v7.2",
  dependents: 0,
  ...over,
});

describe("deprecation queue", () => {
  it("counts the releases since the deprecation up to the newest ingested one, and the days", () => {
    // v7.0, v7.1 and v7.2 came after v6.19; v7.3 is known but not ingested yet.
    const ages = groupDeprecations(
      [
        deprecation({ name: "a", deprecatedIn: "v6.19", deprecatedOn: "2026-02-08" }),
        deprecation({ name: "b", deprecatedIn: "v7.2", deprecatedOn: null }),
      ],
      RELEASES,
      NOW,
    ).flatMap((g) => g.items.map((i) => [i.name, i.age]));
    expect(ages).toEqual([
      ["a", { releases: 3, days: 181 }],
      ["b", { releases: 0, days: null }],
    ]);
  });

  it("is overdue when an ingested release at or after its removal release still has it", () => {
    expect(overdueIn("v7.2", "v7.2")).toBe("v7.2");
    expect(overdueIn("v7.0", "v7.2")).toBe("v7.2");
    // Numeric order: v6.9 is older than v6.10.
    expect(overdueIn("v6.10", "v6.9")).toBeNull();
    expect(overdueIn("v7.3", "v7.2")).toBeNull();
    expect(overdueIn(null, "v7.2")).toBeNull();
    expect(overdueIn("v7.0", null)).toBeNull();
  });

  it("groups by removal release, soonest first, the unscheduled last; overdue and most used first", () => {
    const groups = groupDeprecations(
      [
        deprecation({ name: "late_a", removalEarliest: "v7.3", dependents: 1 }),
        deprecation({ name: "late_b", removalEarliest: "v7.3", dependents: 4 }),
        deprecation({ name: "unscheduled", removalEarliest: null }),
        deprecation({ name: "due_quiet", removalEarliest: "v7.0", newestIn: "v6.19" }),
        deprecation({ name: "due_still_there", removalEarliest: "v7.0" }),
      ],
      RELEASES,
      NOW,
    );
    expect(groups.map((g) => [g.title, g.overdue, g.items.map((i) => i.name)])).toEqual([
      ["Pending removal in v7.0", 1, ["due_still_there", "due_quiet"]],
      ["Pending removal in v7.3", 0, ["late_b", "late_a"]],
      ["No removal release announced", 0, ["unscheduled"]],
    ]);
    expect(groups[0]?.items[0]?.overdueIn).toBe("v7.2");

    // The first three across the groups: the first group whole, one of the second, no third.
    const first = firstDeprecations(groups, 3);
    expect(first.map((g) => [g.title, g.count, g.overdue, g.items.map((i) => i.name)])).toEqual([
      ["Pending removal in v7.0", 2, 1, ["due_still_there", "due_quiet"]],
      ["Pending removal in v7.3", 2, 0, ["late_b"]],
    ]);
    expect(firstDeprecations(groups, 50)).toEqual(groups);
  });

  it("counts the days again at another time, keeping the groups, order and releases", () => {
    const grouped = groupDeprecations(
      [deprecation({ name: "a" }), deprecation({ name: "b" })],
      RELEASES,
      NOW,
    );
    const later = withDaysAt(grouped, new Date("2026-08-18T12:00:00Z"));
    expect(later.map((g) => g.items.map((i) => [i.name, i.age]))).toEqual([
      [
        ["a", { releases: 3, days: 191 }],
        ["b", { releases: 3, days: 191 }],
      ],
    ]);
    expect(grouped[0]?.items[0]?.age.days).toBe(181);
  });

  it("says how long ago a deprecation was, in releases and time", () => {
    expect(ageWords({ releases: 4, days: 290 })).toBe("4 releases and 9 months ago");
    expect(ageWords({ releases: 1, days: null })).toBe("1 release ago");
    expect(ageWords({ releases: 0, days: 20 })).toBe("2 weeks ago (the newest release)");
    expect(ageWords({ releases: 0, days: null })).toBe("in the newest release");
  });

  it("says how long in words", () => {
    expect(durationWords(1)).toBe("1 day");
    expect(durationWords(20)).toBe("2 weeks");
    expect(durationWords(181)).toBe("5 months");
    expect(durationWords(800)).toBe("2 years");
  });
});

const proto = (p: string, flags: string[] = []) => ({ prototype: p, flags, progTypes: [] });

describe("unchanged run", () => {
  it("counts back from the newest release until the prototype changed", () => {
    const releases: RunRelease[] = [
      { tag: "v6.1", evidence: SOURCE, presence: proto("int f(int a)") },
      { tag: "v6.12", evidence: SOURCE, presence: proto("int f(int a, int b)") },
      { tag: "v7.2", evidence: SOURCE, presence: proto("int f(int a, int b)") },
      { tag: "v7.3", evidence: SOURCE, presence: proto("int f(int a, int b)") },
    ];
    expect(unchangedRun(releases)).toEqual({ releases: 3, since: "v6.12" });
  });

  it("skips a BTF build that lacks it, but stops at a source release that lacks it", () => {
    const p = proto("int f(void)");
    expect(
      unchangedRun([
        { tag: "v6.12", evidence: SOURCE, presence: p },
        { tag: "v6.18", evidence: BTF, presence: null },
        { tag: "v7.2", evidence: SOURCE, presence: p },
      ]),
    ).toEqual({ releases: 2, since: "v6.12" });
    expect(
      unchangedRun([
        { tag: "v6.1", evidence: SOURCE, presence: p },
        { tag: "v6.12", evidence: SOURCE, presence: null },
        { tag: "v7.2", evidence: SOURCE, presence: p },
      ]),
    ).toEqual({ releases: 1, since: "v7.2" });
  });

  it("notices a flag change between source releases even across BTF releases in between", () => {
    expect(
      unchangedRun([
        { tag: "v6.12", evidence: SOURCE, presence: proto("int f(void)", ["ACQUIRE"]) },
        { tag: "v6.18", evidence: BTF, presence: proto("int f(void)") },
        { tag: "v7.2", evidence: SOURCE, presence: proto("int f(void)", ["ACQUIRE", "RET_NULL"]) },
      ]),
    ).toEqual({ releases: 2, since: "v6.18" });
  });

  it("is empty when the newest source release lacks it", () => {
    expect(
      unchangedRun([
        { tag: "v6.12", evidence: SOURCE, presence: proto("int f(void)") },
        { tag: "v7.2", evidence: SOURCE, presence: null },
      ]),
    ).toEqual({ releases: 0, since: null });
  });
});

describe("promotion candidates", () => {
  const candidate = (
    name: string,
    releases: number,
    dependents: number,
    firstSeen = "v6.1",
  ): CandidateInput => ({
    name,
    firstSeen,
    run: { releases, since: null },
    dependents,
    openProposal: null,
  });

  it("scores a release held still as one point and a registered project as two", () => {
    expect(candidateScore({ releases: 5, since: "v6.1" }, 0)).toBe(5);
    expect(candidateScore({ releases: 5, since: "v6.1" }, 3)).toBe(11);
  });

  it("ranks by score, then dependents, run, age and name; drops those unchanged for fewer than two releases", () => {
    const ranked = rankCandidates([
      candidate("quiet_old", 8, 0),
      candidate("used", 4, 2), // 8, like the others: the most dependents goes first
      candidate("popular_new", 1, 9), // held still for one release only
      candidate("b_twin", 6, 1, "v6.12"),
      candidate("a_twin", 6, 1, "v6.12"),
      candidate("older_twin", 6, 1, "v6.1"),
    ]);
    expect(ranked.map((c) => [c.name, c.score])).toEqual([
      ["used", 8],
      ["older_twin", 8],
      ["a_twin", 8],
      ["b_twin", 8],
      ["quiet_old", 8],
    ]);
  });
  it("are never promotion candidates, however long they held still", () => {
    const ranked = rankCandidates([
      candidate("bpf_kfunc_call_test_release", 9, 0),
      candidate("bpf_task_acquire", 3, 0),
    ]);
    expect(ranked.map((c) => c.name)).toEqual(["bpf_task_acquire"]);
  });
});

describe("violations order", () => {
  it("puts the unacknowledged first, then the newest release", () => {
    const list = [
      { id: 1, release: "v6.12", acknowledged: false },
      { id: 2, release: "v7.2", acknowledged: true },
      { id: 3, release: null, acknowledged: false },
      { id: 4, release: "v7.2", acknowledged: false },
    ].sort(compareViolations);
    expect(list.map((v) => v.id)).toEqual([4, 1, 3, 2]);
  });
});
