import type { Metadata } from "next";
import { MatrixView } from "@/app/matrix/matrix-view";
import { decodeView } from "@/lib/cache/cached-routes";

// /matrix?… as proxy.ts serves it: rendered once per catalog version and view, then from Next's cache.
export const dynamicParams = true;
export const revalidate = false;
export async function generateStaticParams() {
  return [];
}

export const metadata: Metadata = { title: "Availability matrix" };

export default async function CachedMatrixPage({ params }: { params: Promise<{ view: string }> }) {
  const { view } = await params;
  return <MatrixView searchParams={decodeView(view)} />;
}
