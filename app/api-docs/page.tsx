import type { Metadata } from "next";
import { EndpointSection } from "@/components/api-docs/endpoint-section";
import { FieldsTable } from "@/components/api-docs/fields-table";
import { buildOpenApiDocument, operationsOf } from "@/lib/api/openapi";

export const metadata: Metadata = { title: "API" };

// The API reference, rendered from the same generated OpenAPI document /api/openapi.json serves.
export default function ApiDocsPage() {
  const doc = buildOpenApiDocument();
  const endpoints = operationsOf(doc);
  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">API</h1>
        <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">{doc.info.description}</p>
        <p className="text-sm">
          Machine-readable:{" "}
          <a href="/api/openapi.json" className="font-mono text-sky-700 underline dark:text-sky-400">
            /api/openapi.json
          </a>{" "}
          (OpenAPI {doc.openapi}, API version {doc.info.version}).
        </p>
      </header>

      <nav aria-labelledby="endpoints-heading" className="space-y-2">
        <h2 id="endpoints-heading" className="text-lg font-semibold">
          Endpoints
        </h2>
        <ul className="space-y-1 text-sm">
          {endpoints.map(({ path, method, operation }) => (
            <li key={`${method} ${path}`}>
              <a
                href={`#${operation.operationId}-heading`}
                className="font-mono text-sky-700 underline dark:text-sky-400"
              >
                {method.toUpperCase()} {path}
              </a>{" "}
              <span className="text-zinc-600 dark:text-zinc-400">— {operation.summary}</span>
            </li>
          ))}
        </ul>
      </nav>

      {doc.tags.map((tag) => {
        const inTag = endpoints.filter(({ operation }) => operation.tags.includes(tag.name));
        if (!inTag.length) return null;
        return (
          <section key={tag.name} aria-labelledby={`tag-${tag.name}`} className="space-y-3">
            <h2 id={`tag-${tag.name}`} className="text-lg font-semibold capitalize">
              {tag.name}
            </h2>
            <p className="text-sm text-zinc-600 dark:text-zinc-400">{tag.description}</p>
            {inTag.map(({ path, method, operation }) => (
              <EndpointSection
                key={`${method} ${path}`}
                doc={doc}
                path={path}
                method={method}
                operation={operation}
              />
            ))}
          </section>
        );
      })}

      <section aria-labelledby="errors-heading" className="space-y-2">
        <h2 id="errors-heading" className="text-lg font-semibold">
          Errors
        </h2>
        <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
          Every error is JSON with the fields below. A bad or unknown query parameter is a 400 whose{" "}
          <code className="font-mono">issues</code> name each parameter; an unknown kfunc or release is a 404;
          a write without a session or API token is a 401, and one its role or token scopes do not allow is a
          403; a server failure is a 500 with no details.
        </p>
        <FieldsTable
          doc={doc}
          schema={{ $ref: "#/components/schemas/Error" }}
          caption="Fields of an error response"
        />
      </section>
    </div>
  );
}
