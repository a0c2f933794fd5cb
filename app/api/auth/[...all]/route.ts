import { authFor } from "@/lib/auth/server";
import { getPrisma } from "@/lib/db/client";

export const dynamic = "force-dynamic";

// better-auth's own routes: sign-up, sign-in, sign-out, session (its API-token routes are off).
async function handle(request: Request): Promise<Response> {
  return authFor(await getPrisma()).handler(request);
}

export const GET = handle;
export const POST = handle;
