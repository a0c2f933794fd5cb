import { apiHandler, jsonResponse, NotFoundError, parseQuery } from "@/lib/api/http";
import { pageLinks } from "@/lib/api/pagination";
import { eventListQuery } from "@/lib/api/params";
import { eventListSchema } from "@/lib/api/schemas";
import { shapeEvent } from "@/lib/api/shape";
import { getEvents } from "@/lib/events/get-events";

export const dynamic = "force-dynamic";

/** GET /api/v1/events: lifecycle events of every kfunc, newest first. */
export const GET = apiHandler(async (request) => {
  const query = parseQuery(request, eventListQuery);
  const events = await getEvents(query);
  if (!events) throw new NotFoundError(`No kfunc named ${JSON.stringify(query.kfunc)}.`);
  return jsonResponse(request, eventListSchema, {
    data: events.rows.map((e) => shapeEvent(e.kfunc, e)),
    page: query.page,
    pageSize: query.pageSize,
    total: events.total,
    links: pageLinks(request, query.page, query.pageSize, events.total),
  });
});
