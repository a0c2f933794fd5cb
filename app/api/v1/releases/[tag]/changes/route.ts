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
import { getReleaseChanges } from "@/lib/releases";

export const dynamic = "force-dynamic";

const notIngested = (tag: unknown) =>
  `${JSON.stringify(String(tag).slice(0, 32))} is not an ingested release.`;

/** GET /api/v1/releases/{tag}/changes?vs=: added, removed and changed kfuncs. */
export const GET = apiHandler<{ tag: string }>(async (request, params) => {
  const { tag } = parsePath(params, releaseChangesPath, notIngested(params.tag));
  const { vs } = parseQuery(request, releaseChangesQuery);
  let changes: Awaited<ReturnType<typeof getReleaseChanges>>;
  try {
    changes = await getReleaseChanges(tag, vs);
  } catch (error) {
    // getReleaseChanges throws RangeError when `vs` is not an ingested release.
    if (error instanceof RangeError && vs) {
      const message = `${vs} is not an ingested release`;
      throw new BadRequestError(`Bad parameter: vs (${message}).`, [{ param: "vs", message }]);
    }
    throw error;
  }
  if (!changes) throw new NotFoundError(notIngested(tag));
  return jsonResponse(request, releaseChangesSchema, shapeReleaseChanges(changes));
});
