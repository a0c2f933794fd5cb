import { DataTable } from "@/components/ui/data-table";
import type { OpenApiDocument, OpenApiParameter } from "@/lib/api/openapi";
import { summarizeSchema } from "@/lib/api/openapi-view";
import { SchemaType } from "./schema-type";

export function ParamsTable({
  doc,
  parameters,
  caption,
}: {
  doc: OpenApiDocument;
  parameters: OpenApiParameter[];
  caption: string;
}) {
  if (!parameters.length) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No parameters.</p>;
  return (
    <DataTable
      caption={caption}
      columns={["Name", "In", "Type", "Required", "Description"]}
      minWidth="min-w-[640px]"
    >
      {parameters.map((p) => (
        <tr key={`${p.in}:${p.name}`} className="border-t border-zinc-100 align-top dark:border-zinc-800">
          <th scope="row" className="px-3 py-2 font-mono font-medium">
            {p.name}
          </th>
          <td className="px-3 py-2 text-xs">{p.in}</td>
          <td className="px-3 py-2">
            <SchemaType summary={summarizeSchema(doc, p.schema)} />
          </td>
          <td className="px-3 py-2 text-xs">{p.required ? "yes" : "no"}</td>
          <td className="px-3 py-2">{p.description ?? "—"}</td>
        </tr>
      ))}
    </DataTable>
  );
}
