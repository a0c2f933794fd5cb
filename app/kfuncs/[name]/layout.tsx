import { notFound } from "next/navigation";
import { isKfuncName } from "@/lib/kernel/names";
import { kfuncExists } from "@/lib/kfunc/get-kfunc";

// An unknown name must answer 404. The page streams behind loading.tsx, and a response that has
// started streaming is already 200: so the existence check (one indexed lookup) happens here,
// above the loading boundary, before anything is sent. app/kfuncs/not-found.tsx renders the 404.
export default async function KfuncLayout({
  params,
  children,
}: {
  params: Promise<{ name: string }>;
  children: React.ReactNode;
}) {
  const { name } = await params;
  if (!isKfuncName(name) || !(await kfuncExists(name))) notFound();
  return children;
}
