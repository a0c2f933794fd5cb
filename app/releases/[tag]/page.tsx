import type { Metadata } from "next";
import { normaliseReleaseTag } from "@/lib/releases/version";
import { ReleaseView } from "./release-view";

// Reads the database on every request; never prerendered at build time. Visitors are served the
// cached rendering (app/cached-view, through proxy.ts); this renders when the cache is bypassed.
export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ tag: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { tag } = await params;
  return { title: normaliseReleaseTag(tag) ?? "Release" };
}

export default async function ReleasePage({ params, searchParams }: Props) {
  return <ReleaseView tag={(await params).tag} searchParams={await searchParams} />;
}
