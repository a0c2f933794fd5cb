import { Fragment } from "react";
import { DataTable } from "@/components/ui/data-table";
import type { JsonSchema, OpenApiDocument } from "@/lib/api/openapi";
import { flattenFields } from "@/lib/api/openapi-view";
import { SchemaType } from "./schema-type";

/** A dotted path that wraps only after its dots. */
function FieldPath({ path }: { path: string }) {
  const segments = path.split(".");
  return segments.map((segment, i) => (
    <Fragment key={segments.slice(0, i + 1).join(".")}>
      {i ? (
        <>
          .<wbr />
        </>
      ) : null}
      {segment}
    </Fragment>
  ));
}

/** The fields of a JSON response body, nested fields indented under their parent. */
export function FieldsTable({
  doc,
  schema,
  caption,
}: {
  doc: OpenApiDocument;
  schema: JsonSchema;
  caption: string;
}) {
  const rows = flattenFields(doc, schema);
  if (!rows.length) return null;
  return (
    <DataTable caption={caption} columns={["Field", "Type", "Description"]} minWidth="min-w-[640px]">
      {rows.map((row) => (
        <tr key={row.path} className="border-t border-zinc-100 align-top dark:border-zinc-800">
          <th
            scope="row"
            className="w-2/5 px-3 py-2 font-mono text-xs font-medium"
            style={{ paddingLeft: `${0.75 + row.depth * 1}rem` }}
          >
            <FieldPath path={row.path} />
            {row.required ? null : (
              <span className="ml-1 font-sans font-normal text-zinc-500">(optional)</span>
            )}
          </th>
          <td className="px-3 py-2">
            <SchemaType summary={row.summary} />
          </td>
          <td className="px-3 py-2">{row.summary.description ?? "—"}</td>
        </tr>
      ))}
    </DataTable>
  );
}
