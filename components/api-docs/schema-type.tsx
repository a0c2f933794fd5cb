import type { SchemaSummary } from "@/lib/api/openapi-view";

/** A schema's type, allowed values and constraints, for a table cell. */
export function SchemaType({ summary }: { summary: SchemaSummary }) {
  return (
    <div className="space-y-1">
      <code className="font-mono text-xs">{summary.type}</code>
      {summary.values.length ? (
        <div className="text-xs">
          <span className="text-zinc-600 dark:text-zinc-400">one of: </span>
          <span className="font-mono">{summary.values.join(" · ")}</span>
        </div>
      ) : null}
      {summary.notes.length ? (
        <div className="break-all text-xs text-zinc-600 dark:text-zinc-400">{summary.notes.join("; ")}</div>
      ) : null}
    </div>
  );
}
