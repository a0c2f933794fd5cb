import { describe, expect, it } from "vitest";
import { buildAtomFeed, escapeXml } from "./atom";
import { buildEventsFeed, buildKfuncFeed, type FeedEvent } from "./event-feed";
import { childrenNamed, childText, readXml } from "./testing/xml-reader";

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
    const root = readXml(xml);
    expect(root.name).toBe("feed");
    expect(root.attributes.xmlns).toBe("http://www.w3.org/2005/Atom");
    const [entry] = childrenNamed(root, "entry");
    expect(entry && childText(entry, "summary")).toBe(hostile);
    const related = entry?.children.find((c) => c.name === "link" && c.attributes.rel === "related");
    expect(related?.attributes.href).toBe(`https://e.org/?a=1&b="2"`);
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
    const root = readXml(buildEventsFeed(events, "http://127.0.0.1:3000"));
    for (const name of ["id", "title", "updated", "author"])
      expect(childrenNamed(root, name)).toHaveLength(1);
    expect(childText(root, "updated")).toBe("2025-03-01T00:00:00.000Z");
    const self = childrenNamed(root, "link").find((l) => l.attributes.rel === "self");
    expect(self?.attributes.href).toBe("http://127.0.0.1:3000/feeds/events.atom");

    const entries = childrenNamed(root, "entry");
    expect(entries.map((e) => childText(e, "id"))).toEqual([
      "tag:kfunc-catalog,2025:event/9",
      "tag:kfunc-catalog,2025:event/8",
    ]);
    expect(entries.map((e) => childText(e, "title"))).toEqual([
      "bpf_task_acquire: Removed in v6.12",
      "bbr_main: Introduced in v6.12",
    ]);
    const [first] = entries;
    expect(first && childText(first, "updated")).toBe("2025-03-01T00:00:00.000Z");
    expect(first && childText(first, "published")).toBe("2024-11-17T00:00:00Z");
    expect(first && childrenNamed(first, "link")[0]?.attributes.href).toBe(
      "http://127.0.0.1:3000/kfuncs/bpf_task_acquire",
    );
    expect(first && childText(first, "content")).toContain("State: unstable → removed");
  });

  it("shows a signature change's before and after", () => {
    const root = readXml(buildEventsFeed([event()], "http://h"));
    const content = childText(childrenNamed(root, "entry")[0] ?? root, "content");
    expect(content).toContain("Before: int f(u32 a)");
    expect(content).toContain("After: int f(u64 a)");
  });

  it("gives an empty feed a fixed updated time", () => {
    const root = readXml(buildEventsFeed([], "http://h"));
    expect(childText(root, "updated")).toBe("1970-01-01T00:00:00.000Z");
    expect(childrenNamed(root, "entry")).toEqual([]);
  });
});

describe("readXml (the test reader itself)", () => {
  it.each([
    ["<a><b></a></b>", /closes/],
    ["<a>x & y</a>", /bare "&"|unknown entity/],
    ["<a>&bogus;</a>", /unknown entity/],
    ["<a b=c/>", /quoted/],
    ["<a></a><b/>", /after the root/],
    ["<a>", /unclosed/],
    ['<a b="<"/>', /raw "<"/],
  ])("refuses %s", (xml, message) => {
    expect(() => readXml(xml)).toThrow(message);
  });

  it("reads entities, attributes and nesting", () => {
    const root = readXml(`<?xml version="1.0"?><r x='1 &amp; 2'>a&lt;b&#65;&#x42;<c/></r>`);
    expect(root).toEqual({
      name: "r",
      attributes: { x: "1 & 2" },
      children: [{ name: "c", attributes: {}, children: [], text: "" }],
      text: "a<bAB",
    });
  });
});
