// Reads an Atom feed back in tests. fast-xml-parser's validator proves the document is well-formed
// XML; a zod schema then checks the Atom 1.0 (RFC 4287) structure the feed writer promises: one
// id, title and updated per feed and per entry, text constructs of type "text", date-times, an
// author, links with an href, and no element the writer does not write. What it returns is plain
// data to assert on.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { z } from "zod";

export const ATOM_NAMESPACE = "http://www.w3.org/2005/Atom";

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  textNodeName: "#text",
  alwaysCreateTextNode: true,
  // Every element comes as a list, so the schema can say how many of each there must be.
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
  parseTagValue: false,
  trimValues: false,
  ignoreDeclaration: true,
});

const one = <T extends z.ZodType>(schema: T) =>
  z
    .array(schema)
    .length(1)
    .transform((list) => list[0] as z.output<T>);
const optionalOne = <T extends z.ZodType>(schema: T) =>
  z
    .array(schema)
    .max(1)
    .optional()
    .transform((list) => list?.[0]);

// An element holding elements may hold whitespace between them, nothing else.
const layout = { "#text": z.string().regex(/^\s*$/, "text between elements").optional() };
const text = z.strictObject({ "#text": z.string() }).transform((t) => t["#text"]);
const textConstruct = z
  .strictObject({ "#text": z.string().default(""), "@type": z.literal("text") })
  .transform((t) => t["#text"]);
const dateTime = z.strictObject({ "#text": z.iso.datetime({ offset: true }) }).transform((t) => t["#text"]);
const emptyElement = { "#text": z.literal("").optional() };

const link = z
  .strictObject({
    ...emptyElement,
    "@href": z.url(),
    "@rel": z.enum(["alternate", "self", "related", "via"]),
    "@type": z.string().optional(),
    "@title": z.string().optional(),
  })
  .transform((l) => ({ href: l["@href"], rel: l["@rel"], type: l["@type"], title: l["@title"] }));

const person = z
  .strictObject({ ...layout, name: one(text), uri: optionalOne(text) })
  .transform(({ name, uri }) => ({ name, uri }));

const entry = z
  .strictObject({
    ...layout,
    id: one(text),
    title: one(textConstruct),
    updated: one(dateTime),
    published: optionalOne(dateTime),
    author: optionalOne(person),
    link: z.array(link).default([]),
    category: z
      .array(z.strictObject({ ...emptyElement, "@term": z.string().min(1), "@label": z.string().optional() }))
      .default([]),
    summary: optionalOne(textConstruct),
    content: optionalOne(textConstruct),
  })
  // RFC 4287 4.1.2: an entry without content links to an alternate version of itself.
  .refine((e) => e.content !== undefined || e.link.some((l) => l.rel === "alternate"), {
    message: "an entry without content needs a link rel=alternate",
  })
  .transform(({ link, category, "#text": _, ...rest }) => ({
    ...rest,
    links: link,
    categories: category.map((c) => ({ term: c["@term"], label: c["@label"] })),
  }));

const feed = z
  .strictObject({
    ...layout,
    "@xmlns": z.literal(ATOM_NAMESPACE),
    id: one(text),
    title: one(textConstruct),
    subtitle: optionalOne(textConstruct),
    updated: one(dateTime),
    link: z.array(link).min(1),
    author: one(person),
    generator: optionalOne(text),
    entry: z.array(entry).default([]),
  })
  .transform(({ link, entry, "@xmlns": namespace, "#text": _, ...rest }) => ({
    namespace,
    ...rest,
    links: link,
    entries: entry,
  }));

const document = z.strictObject({ ...layout, feed: one(feed) }).transform((d) => d.feed);

export type ReadAtomFeed = z.output<typeof feed>;
export type ReadAtomEntry = z.output<typeof entry>;

/** Parses an Atom document; throws when it is not well-formed XML or not the Atom structure above. */
export function readAtomFeed(xml: string): ReadAtomFeed {
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    const { msg, line, col } = wellFormed.err;
    throw new Error(`not well-formed XML: ${msg} (line ${line}, column ${col})`);
  }
  const parsed = document.safeParse(parser.parse(xml));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(document)"}: ${i.message}`);
    throw new Error(`not an Atom feed: ${problems.join("; ")}`);
  }
  return parsed.data;
}
