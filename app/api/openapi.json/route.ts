import { openApiDocumentSchema } from "@/lib/api/endpoints";
import { apiHandler, jsonResponse, parseQuery, requestOrigin } from "@/lib/api/http";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { emptyQuery } from "@/lib/api/params";

export const dynamic = "force-dynamic";

/** GET /api/openapi.json: the OpenAPI 3.1 document, generated from the API's zod schemas. */
export const GET = apiHandler(async (request) => {
  parseQuery(request, emptyQuery);
  const document = buildOpenApiDocument(requestOrigin(request));
  return jsonResponse(request, openApiDocumentSchema, document);
});
