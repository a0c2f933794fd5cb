import type { Metadata } from "next";
import { currentPrincipal } from "@/lib/auth/action";
import { isKfuncName } from "@/lib/kernel/names";
import { KfuncView } from "./kfunc-view";

// Reads the database on every request; never prerendered at build time. Visitors without a session
// are served the cached rendering (app/cached-view, through proxy.ts); a signed-in user's is this.
export const dynamic = "force-dynamic";

type Params = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { name } = await params;
  return { title: isKfuncName(name) ? name : "Not found" };
}

export default async function KfuncPage({ params }: Params) {
  const { name } = await params;
  return <KfuncView name={name} principal={await currentPrincipal().catch(() => null)} />;
}
