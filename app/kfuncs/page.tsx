import type { Metadata } from "next";
import type { RawSearchParams } from "@/lib/catalog/query";
import { CatalogView } from "./catalog-view";

// Reads the database on every request; never prerendered at build time. Visitors are served the
// cached rendering (app/cached-view, through proxy.ts); this renders when the cache is bypassed.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Catalog" };

export default async function CatalogPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  return <CatalogView searchParams={await searchParams} />;
}
