import {
  apiHandler,
  BadRequestError,
  jsonResponse,
  NotFoundError,
  parsePath,
  parseQuery,
} from "@/lib/api/http";
import { releaseChangesPath, releaseChangesQuery } from "@/lib/api/params";
import { releaseChangesSchema } from "@/lib/api/schemas";
import { shapeReleaseChanges } from "@/lib/api/shape";
import { getReleaseChanges } from "@/lib/releases/get-releases";

export const dynamic = "force-dynamic";

const notIngested = (tag: unknown) =>
  `${JSON.stringify(String(tag).slice(0, 32))} is not an ingested release.`;

/** GET /api/v1/releases/{tag}/changes?vs=: added, removed and changed kfuncs. */
export const GET = apiHandler<{ tag: string }>(async (request, params) => {
  const { tag } = parsePath(params, releaseChangesPath, notIngested(params.tag));
  const { vs } = parseQuery(request, releaseChangesQuery);
  const result = await getReleaseChanges(tag, vs);
  if (!result.found && result.problem === "base") {
    const message = `${vs} is not an ingested release`;
    throw new BadRequestError(`Bad parameter: vs (${message}).`, [{ param: "vs", message }]);
  }
  if (!result.found) throw new NotFoundError(notIngested(tag));
  const changes = result.changes;
  return jsonResponse(request, releaseChangesSchema, shapeReleaseChanges(changes));
});
