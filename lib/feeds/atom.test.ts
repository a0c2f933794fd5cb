import { describe, expect, it } from "vitest";
import { buildAtomFeed, escapeXml } from "./atom";
import { buildEventsFeed, buildKfuncFeed, type FeedEvent } from "./event-feed";
import { ATOM_NAMESPACE, readAtomFeed } from "./testing/read-atom";

const event = (over: Partial<FeedEvent> = {}): FeedEvent => ({
  id: 7,
  kfunc: "bpf_task_acquire",
  kind: "SIGNATURE_CHANGED",
  origin: "INGEST",
  fromState: null,
  toState: null,
  release: "v6.12",
  occurredAt: "2024-11-17",
  recordedAt: "2025-01-02T03:04:05.000Z",
  actor: "ingest",
  rationale: null,
  sourceUrl: null,
  detail: { before: "int f(u32 a)", after: "int f(u64 a)" },
  ...over,
});

describe("escapeXml", () => {
  it("escapes markup characters and quotes", () => {
    expect(escapeXml(`a < b && c > "d" 'e'`)).toBe("a &lt; b &amp;&amp; c &gt; &quot;d&quot; &apos;e&apos;");
  });

  it("drops characters XML cannot carry, keeps tab, newline and astral characters", () => {
    expect(escapeXml("a\u0000b\u0008c\td\ne\uffff\ud800f 🐝")).toBe("abc\td\nef 🐝");
  });
});

describe("buildAtomFeed", () => {
  it("writes the exact document for a small feed", () => {
    const xml = buildAtomFeed({
      id: "tag:example.org,2025:feed",
      title: "T & <T>",
      updated: "2025-01-01T00:00:00.000Z",
      self: "http://h/feed.atom?a=1&b=2",
      alternate: "http://h/",
      author: { name: "me" },
      entries: [
        {
          id: "tag:example.org,2025:e/1",
          title: 'say "hi"',
          updated: "2025-01-01T00:00:00.000Z",
          links: [{ href: "http://h/e/1" }],
          summary: "x < y",
        },
      ],
    });
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        "  <id>tag:example.org,2025:feed</id>",
        '  <title type="text">T &amp; &lt;T&gt;</title>',
        "  <updated>2025-01-01T00:00:00.000Z</updated>",
        '  <link rel="self" type="application/atom+xml" href="http://h/feed.atom?a=1&amp;b=2"/>',
        '  <link rel="alternate" type="text/html" href="http://h/"/>',
        "  <author>",
        "    <name>me</name>",
        "  </author>",
        "  <entry>",
        "    <id>tag:example.org,2025:e/1</id>",
        '    <title type="text">say &quot;hi&quot;</title>',
        "    <updated>2025-01-01T00:00:00.000Z</updated>",
        '    <link rel="alternate" href="http://h/e/1"/>',
        '    <summary type="text">x &lt; y</summary>',
        "  </entry>",
        "</feed>",
        "",
      ].join("\n"),
    );
  });

  it("stays well-formed and round-trips hostile text", () => {
    const hostile = `</title><script>alert("x")</script> & &amp; ]]> '`;
    const xml = buildKfuncFeed(
      "bpf_x",
      [event({ rationale: hostile, sourceUrl: `https://e.org/?a=1&b="2"` })],
      "http://127.0.0.1:3000",
    );
    const feed = readAtomFeed(xml);
    expect(feed.namespace).toBe(ATOM_NAMESPACE);
    const [entry] = feed.entries;
    expect(entry?.summary).toBe(hostile);
    expect(entry?.links.find((l) => l.rel === "related")?.href).toBe(`https://e.org/?a=1&b="2"`);
  });
});

describe("event feeds", () => {
  it("has the required feed and entry elements, entries in the order given", () => {
    const events = [
      event({
        id: 9,
        kind: "REMOVED",
        recordedAt: "2025-03-01T00:00:00.000Z",
        fromState: "UNSTABLE",
        toState: "REMOVED",
      }),
      event({ id: 8, kfunc: "bbr_main", kind: "INTRODUCED", detail: null }),
    ];
    // readAtomFeed checks the structure: one id, title and updated each, an author.
    const feed = readAtomFeed(buildEventsFeed(events, "http://127.0.0.1:3000"));
    expect(feed.updated).toBe("2025-03-01T00:00:00.000Z");
    expect(feed.author.name).toBe("kfunc catalog");
    expect(feed.links.find((l) => l.rel === "self")?.href).toBe("http://127.0.0.1:3000/feeds/events.atom");

    expect(feed.entries.map((e) => e.id)).toEqual([
      "tag:kfunc-catalog,2025:event/9",
      "tag:kfunc-catalog,2025:event/8",
    ]);
    expect(feed.entries.map((e) => e.title)).toEqual([
      "bpf_task_acquire: Removed in v6.12",
      "bbr_main: Introduced in v6.12",
    ]);
    const [first] = feed.entries;
    expect(first?.updated).toBe("2025-03-01T00:00:00.000Z");
    expect(first?.published).toBe("2024-11-17T00:00:00Z");
    expect(first?.links[0]?.href).toBe("http://127.0.0.1:3000/kfuncs/bpf_task_acquire");
    expect(first?.content).toContain("State: unstable → removed");
  });

  it("shows a signature change's before and after", () => {
    const [entry] = readAtomFeed(buildEventsFeed([event()], "http://h")).entries;
    expect(entry?.content).toContain("Before: int f(u32 a)");
    expect(entry?.content).toContain("After: int f(u64 a)");
  });

  it("gives an empty feed a fixed updated time", () => {
    const feed = readAtomFeed(buildEventsFeed([], "http://h"));
    expect(feed.updated).toBe("1970-01-01T00:00:00.000Z");
    expect(feed.entries).toEqual([]);
  });
});

describe("readAtomFeed (the tests' reader)", () => {
  const good = buildEventsFeed([event()], "http://h");

  it("reads the writer's own feed", () => {
    expect(readAtomFeed(good).entries).toHaveLength(1);
  });

  it.each([
    ["crossed tags", good.replace("<updated>", "<updated><id>").replace("</updated>", "</updated></id>")],
    ["a bare ampersand", good.replace("Signature", "Signature & co")],
    ["an unclosed root", good.replace("</feed>", "")],
  ])("refuses XML that is not well-formed: %s", (_, xml) => {
    expect(() => readAtomFeed(xml)).toThrow(/not well-formed XML/);
  });

  it.each([
    ["another namespace", good.replace(ATOM_NAMESPACE, "http://example.org/not-atom")],
    ["an entry without an id", good.replace(/<id>tag:kfunc-catalog,2025:event\/7<\/id>/, "")],
    ["two titles", good.replace("<title", '<title type="text">again</title><title')],
    ["a date that is not RFC 3339", good.replace("2025-01-02T03:04:05.000Z", "2 January 2025")],
    ["an element Atom does not define", good.replace("<entry>", "<entry><colour>blue</colour>")],
  ])("refuses a feed that is not Atom: %s", (_, xml) => {
    expect(() => readAtomFeed(xml)).toThrow(/not an Atom feed/);
  });
});
