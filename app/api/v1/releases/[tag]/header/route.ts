import {
  apiHandler,
  BadRequestError,
  cacheableResponse,
  NotFoundError,
  parsePath,
  parseQuery,
} from "@/lib/api/http";
import { releaseHeaderPath, releaseHeaderQuery } from "@/lib/api/params";
import { CheckInputError } from "@/lib/check/check-error";
import { loadCheckFacts } from "@/lib/check/facts";
import { parseStates, renderHeader } from "@/lib/check/header";
import { getPrisma } from "@/lib/db/client";

export const dynamic = "force-dynamic";

const unknownRelease = (tag: unknown) =>
  `${JSON.stringify(String(tag).slice(0, 32))} is not a release the catalog covers.`;

/** GET /api/v1/releases/{tag}/header?state=: a C header of the release's kfuncs, all __weak. */
export const GET = apiHandler<{ tag: string }>(async (request, params) => {
  const { tag } = parsePath(params, releaseHeaderPath, unknownRelease(params.tag));
  const query = parseQuery(request, releaseHeaderQuery);
  let states: ReturnType<typeof parseStates> | undefined;
  try {
    states = query.state ? parseStates(query.state) : undefined;
  } catch (error) {
    if (!(error instanceof CheckInputError)) throw error;
    throw new BadRequestError(`Bad parameter: state (${error.message}).`, [
      { param: "state", message: error.message },
    ]);
  }
  const facts = await loadCheckFacts(await getPrisma());
  if (!facts.columns.some((c) => c.tag === tag)) throw new NotFoundError(unknownRelease(tag));
  const { text } = renderHeader(facts, {
    release: tag,
    states,
    generator: "the kfunc catalog (/api/v1/releases/{tag}/header)",
  });
  const response = cacheableResponse(request, text, "text/x-c; charset=utf-8");
  response.headers.set("Content-Disposition", `attachment; filename="kfuncs-${tag}.h"`);
  return response;
});
