import { notFound } from "next/navigation";
import { releaseExists } from "@/lib/releases/get-releases";
import { normaliseReleaseTag } from "@/lib/releases/version";

// An unknown release must answer 404, before the page streams behind loading.tsx (see
// app/kfuncs/[name]/layout.tsx).
export default async function ReleaseLayout({
  params,
  children,
}: {
  params: Promise<{ tag: string }>;
  children: React.ReactNode;
}) {
  const tag = normaliseReleaseTag((await params).tag);
  if (!tag || !(await releaseExists(tag))) notFound();
  return children;
}
