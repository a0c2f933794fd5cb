import { ATOM_CONTENT_TYPE } from "@/lib/api/endpoints";
import { apiHandler, cacheableResponse, NotFoundError, requestOrigin } from "@/lib/api/http";
import { KFUNC_NAME } from "@/lib/api/params";
import { getEvents } from "@/lib/events/get-events";
import { buildKfuncFeed, FEED_LIMIT } from "@/lib/feeds/event-feed";

export const dynamic = "force-dynamic";

const SUFFIX = ".atom";

/** GET /feeds/kfuncs/{name}.atom: one kfunc's lifecycle events, newest first. */
export const GET = apiHandler<{ file: string }>(async (request, { file }) => {
  const name = file.endsWith(SUFFIX) ? file.slice(0, -SUFFIX.length) : "";
  const events = KFUNC_NAME.test(name)
    ? await getEvents({ kfunc: name, page: 1, pageSize: FEED_LIMIT })
    : null;
  if (!events) throw new NotFoundError(`No feed at /feeds/kfuncs/${file.slice(0, 140)}.`);
  const origin = requestOrigin(request);
  return cacheableResponse(request, buildKfuncFeed(name, events.rows, origin), ATOM_CONTENT_TYPE);
});
