import { ATOM_CONTENT_TYPE } from "@/lib/api/endpoints";
import { apiHandler, cacheableResponse, requestOrigin } from "@/lib/api/http";
import { FEED_LIMIT } from "@/lib/feeds/event-feed";
import { buildQueueFeed } from "@/lib/feeds/queue-feed";
import { getQueueFeedItems } from "@/lib/governance/get-queue";

export const dynamic = "force-dynamic";

/** GET /feeds/queue.atom: the maintainers' queue (proposals, decisions, deprecations, violations). */
export const GET = apiHandler(async (request) => {
  const items = await getQueueFeedItems(FEED_LIMIT);
  return cacheableResponse(request, buildQueueFeed(items, requestOrigin(request)), ATOM_CONTENT_TYPE);
});
