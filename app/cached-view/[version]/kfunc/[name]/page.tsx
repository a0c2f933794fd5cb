import type { Metadata } from "next";
import { KfuncView } from "@/app/kfuncs/[name]/kfunc-view";
import { isKfuncName } from "@/lib/kernel/names";

// /kfuncs/<name> as proxy.ts serves it to a visitor without a session: rendered once per catalog
// version, then from Next's cache. A signed-in user's page is rendered for them (app/kfuncs/[name]).
export const dynamicParams = true;
export const revalidate = false;
export async function generateStaticParams() {
  return [];
}

type Params = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { name } = await params;
  return { title: isKfuncName(name) ? name : "Not found" };
}

export default async function CachedKfuncPage({ params }: Params) {
  const { name } = await params;
  return <KfuncView name={name} principal={null} />;
}
