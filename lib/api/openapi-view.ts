import type { JsonSchema, OpenApiDocument } from "./openapi";

// Reading the generated OpenAPI document for people: a short type for any schema, and the field
// list of a response body (nested objects and arrays flattened to dotted paths). Pure.

export interface SchemaSummary {
  /** "string", "integer", "string (date) | null", "Event[]", … */
  type: string;
  /** Allowed values, for enums. */
  values: string[];
  /** Default, range, length and pattern, in words. */
  notes: string[];
  description?: string;
}

export interface FieldRow {
  /** Dotted path; array items are written "[]": "data[].name". */
  path: string;
  depth: number;
  required: boolean;
  summary: SchemaSummary;
}

const COMPONENT_PREFIX = "#/components/schemas/";

function resolve(doc: OpenApiDocument, schema: JsonSchema): { schema: JsonSchema; name?: string } {
  const ref = schema.$ref;
  if (typeof ref === "string" && ref.startsWith(COMPONENT_PREFIX)) {
    const name = ref.slice(COMPONENT_PREFIX.length);
    return { schema: doc.components.schemas[name] ?? {}, name };
  }
  return { schema };
}

const asSchemas = (v: unknown): JsonSchema[] => (Array.isArray(v) ? (v as JsonSchema[]) : []);
const str = (v: unknown) => (typeof v === "string" ? v : undefined);

function nonNullVariants(schema: JsonSchema): { variants: JsonSchema[]; nullable: boolean } {
  const anyOf = asSchemas(schema.anyOf);
  if (!anyOf.length) return { variants: [schema], nullable: false };
  const variants = anyOf.filter((s) => s.type !== "null");
  return { variants, nullable: variants.length < anyOf.length };
}

/** A one-line summary of a schema, following component references. */
export function summarizeSchema(doc: OpenApiDocument, input: JsonSchema): SchemaSummary {
  const { variants, nullable } = nonNullVariants(input);
  const types: string[] = [];
  const values: string[] = [];
  const notes: string[] = [];
  let description = str(input.description);
  for (const variant of variants) {
    const { schema, name } = resolve(doc, variant);
    description ??= str(variant.description) ?? str(schema.description);
    if (Array.isArray(schema.enum)) {
      values.push(...schema.enum.map(String));
      types.push(name ?? "string");
      continue;
    }
    let type: string;
    const t = schema.type;
    const typeList = Array.isArray(t) ? t.map(String) : typeof t === "string" ? [t] : [];
    if (typeList.includes("array")) {
      const items = schema.items ? summarizeSchema(doc, schema.items as JsonSchema) : undefined;
      type = `${items && /\s/.test(items.type) ? `(${items.type})` : (items?.type ?? "any")}[]`;
    } else if (typeList.length) {
      const base = typeList.filter((x) => x !== "null").join(" | ") || "null";
      const format = str(schema.format);
      type = name && base === "object" ? name : format ? `${base} (${format})` : base;
      if (typeList.includes("null")) type += " | null";
    } else if (schema.const !== undefined) {
      type = JSON.stringify(schema.const);
    } else {
      type = name ?? "any JSON value";
    }
    types.push(type);
    if (schema.default !== undefined) notes.push(`default ${JSON.stringify(schema.default)}`);
    if (typeof schema.minimum === "number" && typeof schema.maximum === "number" && schema.maximum < 1e15) {
      notes.push(`${schema.minimum} to ${schema.maximum}`);
    } else if (typeof schema.minimum === "number" && schema.minimum > -1e15) {
      notes.push(`at least ${schema.minimum}`);
    }
    if (typeof schema.maxLength === "number") notes.push(`at most ${schema.maxLength} characters`);
    if (typeof schema.pattern === "string" && !schema.format) notes.push(`matches ${schema.pattern}`);
  }
  const type = [...new Set(types)].join(" or ") + (nullable ? " | null" : "");
  return { type, values: [...new Set(values)], notes, ...(description ? { description } : {}) };
}

/** The object schema behind a schema, if it is one (through references, nullability and arrays). */
function objectBehind(
  doc: OpenApiDocument,
  input: JsonSchema,
): { object: JsonSchema; suffix: string } | null {
  const { variants } = nonNullVariants(input);
  if (variants.length !== 1 || !variants[0]) return null;
  const { schema } = resolve(doc, variants[0]);
  if (schema.type === "object" && schema.properties) return { object: schema, suffix: "" };
  if (schema.type === "array" && schema.items) {
    const inner = objectBehind(doc, schema.items as JsonSchema);
    return inner ? { object: inner.object, suffix: `[]${inner.suffix}` } : null;
  }
  return null;
}

/** Every field of a response body, depth first, nested fields after their parent. */
export function flattenFields(doc: OpenApiDocument, root: JsonSchema, maxDepth = 4): FieldRow[] {
  const rows: FieldRow[] = [];
  const visit = (schema: JsonSchema, prefix: string, depth: number, seen: Set<JsonSchema>) => {
    const found = objectBehind(doc, schema);
    if (!found || seen.has(found.object) || depth > maxDepth) return;
    const { object } = found;
    const required = new Set(Array.isArray(object.required) ? object.required.map(String) : []);
    const next = new Set(seen).add(object);
    for (const [name, property] of Object.entries((object.properties ?? {}) as Record<string, JsonSchema>)) {
      const path = prefix ? `${prefix}.${name}` : name;
      rows.push({ path, depth, required: required.has(name), summary: summarizeSchema(doc, property) });
      const inner = objectBehind(doc, property);
      if (inner) visit(property, `${path}${inner.suffix}`, depth + 1, next);
    }
  };
  visit(root, "", 0, new Set());
  return rows;
}
