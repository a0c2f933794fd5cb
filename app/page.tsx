import { OverviewView } from "./overview-view";

// Reads the database on every request; never prerendered at build time. Visitors are served the
// cached rendering (app/cached-view, through proxy.ts); this renders when the cache is bypassed.
export const dynamic = "force-dynamic";

export default function OverviewPage() {
  return <OverviewView />;
}
