// An Atom 1.0 (RFC 4287) feed writer. Pure: callers pass absolute URLs and ISO timestamps.

export interface AtomLink {
  href: string;
  rel?: "alternate" | "self" | "related" | "via";
  type?: string;
  title?: string;
}

export interface AtomEntry {
  /** A permanent, unique IRI, e.g. a tag: URI (RFC 4151). */
  id: string;
  title: string;
  /** ISO 8601 date-time. */
  updated: string;
  published?: string;
  links: AtomLink[];
  summary?: string;
  /** Plain text; escaped, never interpreted as markup. */
  content?: string;
  categories?: { term: string; label?: string }[];
  author?: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  /** ISO 8601 date-time: the newest entry's, or a fixed time for an empty feed. */
  updated: string;
  /** The feed's own absolute URL (rel="self"). */
  self: string;
  /** The HTML page the feed is about (rel="alternate"). */
  alternate: string;
  author: { name: string; uri?: string };
  generator?: string;
  entries: AtomEntry[];
}

// Characters XML 1.0 does not allow at all, even escaped: C0 controls other than tab, newline and
// carriage return, lone surrogates, U+FFFE and U+FFFF.
function isAllowed(codePoint: number): boolean {
  if (codePoint < 0x20) return codePoint === 0x9 || codePoint === 0xa || codePoint === 0xd;
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return false; // a lone surrogate
  return codePoint !== 0xfffe && codePoint !== 0xffff;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** Escapes text for use in element content and in double- or single-quoted attribute values. */
export function escapeXml(text: string): string {
  let out = "";
  // Iterating a string yields whole code points; a surrogate pair comes as one.
  for (const ch of text) if (isAllowed(ch.codePointAt(0) ?? 0)) out += ESCAPES[ch] ?? ch;
  return out;
}

function element(name: string, text: string, indent: string, attrs: Record<string, string> = {}): string {
  return `${indent}<${name}${attributes(attrs)}>${escapeXml(text)}</${name}>`;
}

function attributes(attrs: Record<string, string | undefined>): string {
  return Object.entries(attrs)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join("");
}

function link(l: AtomLink, indent: string): string {
  return `${indent}<link${attributes({ rel: l.rel ?? "alternate", type: l.type, href: l.href, title: l.title })}/>`;
}

function entryXml(entry: AtomEntry): string[] {
  const i = "    ";
  const lines = [
    "  <entry>",
    element("id", entry.id, i),
    element("title", entry.title, i, { type: "text" }),
    element("updated", entry.updated, i),
  ];
  if (entry.published) lines.push(element("published", entry.published, i));
  if (entry.author) lines.push(`${i}<author>`, element("name", entry.author, `${i}  `), `${i}</author>`);
  for (const l of entry.links) lines.push(link(l, i));
  for (const c of entry.categories ?? [])
    lines.push(`${i}<category${attributes({ term: c.term, label: c.label })}/>`);
  if (entry.summary !== undefined) lines.push(element("summary", entry.summary, i, { type: "text" }));
  if (entry.content !== undefined) lines.push(element("content", entry.content, i, { type: "text" }));
  lines.push("  </entry>");
  return lines;
}

/** The feed as an XML document (UTF-8). */
export function buildAtomFeed(feed: AtomFeed): string {
  const i = "  ";
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    element("id", feed.id, i),
    element("title", feed.title, i, { type: "text" }),
  ];
  if (feed.subtitle) lines.push(element("subtitle", feed.subtitle, i, { type: "text" }));
  lines.push(
    element("updated", feed.updated, i),
    link({ rel: "self", type: "application/atom+xml", href: feed.self }, i),
    link({ rel: "alternate", type: "text/html", href: feed.alternate }, i),
    `${i}<author>`,
    element("name", feed.author.name, `${i}  `),
  );
  if (feed.author.uri) lines.push(element("uri", feed.author.uri, `${i}  `));
  lines.push(`${i}</author>`);
  if (feed.generator) lines.push(element("generator", feed.generator, i));
  for (const entry of feed.entries) lines.push(...entryXml(entry));
  lines.push("</feed>", "");
  return lines.join("\n");
}
