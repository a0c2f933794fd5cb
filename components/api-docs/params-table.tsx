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
    <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className="w-full min-w-[640px] text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-zinc-50 text-xs uppercase text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            <th scope="col" className="px-3 py-2">
              Name
            </th>
            <th scope="col" className="px-3 py-2">
              In
            </th>
            <th scope="col" className="px-3 py-2">
              Type
            </th>
            <th scope="col" className="px-3 py-2">
              Required
            </th>
            <th scope="col" className="px-3 py-2">
              Description
            </th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </div>
  );
}
