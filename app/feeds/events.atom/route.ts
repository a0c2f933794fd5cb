import { ATOM_CONTENT_TYPE } from "@/lib/api/endpoints";
import { apiHandler, cacheableResponse, requestOrigin } from "@/lib/api/http";
import { getEvents } from "@/lib/events/get-events";
import { buildEventsFeed, FEED_LIMIT } from "@/lib/feeds/event-feed";

export const dynamic = "force-dynamic";

/** GET /feeds/events.atom: the latest lifecycle events of every kfunc, newest first. */
export const GET = apiHandler(async (request) => {
  const events = await getEvents({ page: 1, pageSize: FEED_LIMIT });
  const origin = requestOrigin(request);
  return cacheableResponse(request, buildEventsFeed(events?.rows ?? [], origin), ATOM_CONTENT_TYPE);
});
