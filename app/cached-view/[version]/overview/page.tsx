import { OverviewView } from "@/app/overview-view";

// / as proxy.ts serves it: rendered once per catalog version, then from Next's cache.
export const dynamicParams = true;
export const revalidate = false;
export async function generateStaticParams() {
  return [];
}

export default function CachedOverviewPage() {
  return <OverviewView />;
}
