import type { HttpMethod, JsonSchema, OpenApiDocument, OpenApiOperation } from "@/lib/api/openapi";
import { FieldsTable } from "./fields-table";
import { ParamsTable } from "./params-table";

const STATUS_TEXT: Record<string, string> = {
  200: "OK",
  201: "Created",
  304: "Not Modified",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  413: "Content Too Large",
  429: "Too Many Requests",
  500: "Internal Server Error",
};

/** One endpoint: what it does, how to call it, and what it answers. */
export function EndpointSection({
  doc,
  path,
  method,
  operation,
}: {
  doc: OpenApiDocument;
  path: string;
  method: HttpMethod;
  operation: OpenApiOperation;
}) {
  const id = operation.operationId;
  const ok = operation.responses[200] ?? operation.responses[201];
  const requires = operation["x-requires"];
  const roles = operation.security?.find((r) => r.cookieAuth)?.cookieAuth ?? [];
  const [contentType, media] = Object.entries(ok?.content ?? {})[0] ?? [];
  const schema = (media as { schema?: JsonSchema } | undefined)?.schema;
  const isJson = contentType?.startsWith("application/json");
  return (
    <section
      aria-labelledby={`${id}-heading`}
      className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
    >
      <h3 id={`${id}-heading`} className="flex flex-wrap items-center gap-2 text-base font-semibold">
        <span
          className={
            method === "post"
              ? "rounded bg-amber-100 px-1.5 py-0.5 font-mono text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200"
              : "rounded bg-emerald-100 px-1.5 py-0.5 font-mono text-xs text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200"
          }
        >
          {method.toUpperCase()}
        </span>
        <code className="break-all font-mono">{path}</code>
        <span className="font-normal text-zinc-600 dark:text-zinc-400">— {operation.summary}</span>
      </h3>
      <p className="text-sm">{operation.description}</p>
      {requires ? (
        <p className="text-sm">
          <span className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs dark:bg-zinc-900">
            requires: {requires}
          </span>{" "}
          <span className="text-zinc-600 dark:text-zinc-400">
            an API token with the <code className="font-mono">{requires}</code> scope (
            <code className="font-mono">Authorization: Bearer kfc_…</code>) of an account whose role allows
            it, or a signed-in {roles.join(" or ")}.
          </span>
        </p>
      ) : null}

      <div className="space-y-1">
        <h4 className="text-sm font-semibold">Examples</h4>
        <ul className="space-y-1 text-sm">
          {operation["x-examples"].map((example) => (
            <li key={example}>
              {method === "get" ? (
                <a href={example} className="break-all font-mono text-sky-700 underline dark:text-sky-400">
                  {example}
                </a>
              ) : (
                <code className="block overflow-x-auto whitespace-pre rounded bg-zinc-100 p-2 font-mono text-xs dark:bg-zinc-900">
                  {example}
                </code>
              )}
            </li>
          ))}
        </ul>
      </div>

      {operation.requestBody && operation.parameters.length ? (
        <div className="space-y-1">
          <h4 className="text-sm font-semibold">Path parameters</h4>
          <ParamsTable
            doc={doc}
            parameters={operation.parameters}
            caption={`Parameters of ${method.toUpperCase()} ${path}`}
          />
        </div>
      ) : null}
      {operation.requestBody ? (
        <div className="space-y-2">
          <h4 className="text-sm font-semibold">Request body</h4>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">{operation.requestBody.description}</p>
          {Object.entries(operation.requestBody.content).map(([type, media]) => (
            <div key={type} className="space-y-1">
              <p className="text-sm">
                <code className="font-mono">{type}</code>
              </p>
              <FieldsTable doc={doc} schema={media.schema} caption={`Fields of a ${type} body`} />
            </div>
          ))}
        </div>
      ) : (
        <div className="space-y-1">
          <h4 className="text-sm font-semibold">Parameters</h4>
          <ParamsTable
            doc={doc}
            parameters={operation.parameters}
            caption={`Parameters of ${method.toUpperCase()} ${path}`}
          />
        </div>
      )}

      <div className="space-y-1">
        <h4 className="text-sm font-semibold">Response</h4>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          <code className="font-mono">{contentType}</code>: {ok?.description}
        </p>
        {isJson && schema ? (
          <FieldsTable
            doc={doc}
            schema={schema}
            caption={`Fields of the ${method.toUpperCase()} ${path} response`}
          />
        ) : null}
      </div>

      <div className="space-y-1">
        <h4 className="text-sm font-semibold">Status codes</h4>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          {Object.entries(operation.responses).map(([status, response]) => (
            <div key={status} className="contents">
              <dt className="font-mono">
                {status} {STATUS_TEXT[status] ?? ""}
              </dt>
              <dd className="text-zinc-600 dark:text-zinc-400">{response.description}</dd>
            </div>
          ))}
        </dl>
      </div>
    </section>
  );
}
