import type { Metadata } from "next";
import { CatalogView } from "@/app/kfuncs/catalog-view";
import { decodeView } from "@/lib/cache/cached-routes";

// /kfuncs?… as proxy.ts serves it: rendered once per catalog version and view, then from Next's cache.
export const dynamicParams = true;
export const revalidate = false;
export async function generateStaticParams() {
  return [];
}

export const metadata: Metadata = { title: "Catalog" };

export default async function CachedCatalogPage({ params }: { params: Promise<{ view: string }> }) {
  const { view } = await params;
  return <CatalogView searchParams={decodeView(view)} />;
}
