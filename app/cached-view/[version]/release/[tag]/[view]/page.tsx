import type { Metadata } from "next";
import { ReleaseView } from "@/app/releases/[tag]/release-view";
import { decodeView } from "@/lib/cache/cached-routes";
import { normaliseReleaseTag } from "@/lib/releases/version";

// /releases/<tag>?… as proxy.ts serves it: rendered once per catalog version and view, then from
// Next's cache. Nothing on it depends on who is signed in.
export const dynamicParams = true;
export const revalidate = false;
export async function generateStaticParams() {
  return [];
}

type Params = { params: Promise<{ tag: string; view: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { tag } = await params;
  return { title: normaliseReleaseTag(tag) ?? "Release" };
}

export default async function CachedReleasePage({ params }: Params) {
  const { tag, view } = await params;
  return <ReleaseView tag={tag} searchParams={decodeView(view)} />;
}
