import { apiHandler, jsonResponse, NotFoundError, parsePath, parseQuery } from "@/lib/api/http";
import { emptyQuery, kfuncPath } from "@/lib/api/params";
import { kfuncDetailSchema } from "@/lib/api/schemas";
import { shapeKfuncDetail } from "@/lib/api/shape";
import { getKfunc } from "@/lib/kfunc/get-kfunc";

export const dynamic = "force-dynamic";

const noSuchKfunc = (name: unknown) => `No kfunc named ${JSON.stringify(String(name).slice(0, 128))}.`;

/** GET /api/v1/kfuncs/{name}: one kfunc with its presences and history. */
export const GET = apiHandler<{ name: string }>(async (request, params) => {
  const { name } = parsePath(params, kfuncPath, noSuchKfunc(params.name));
  parseQuery(request, emptyQuery);
  const kfunc = await getKfunc(name);
  if (!kfunc) throw new NotFoundError(noSuchKfunc(name));
  return jsonResponse(request, kfuncDetailSchema, shapeKfuncDetail(request, kfunc));
});
