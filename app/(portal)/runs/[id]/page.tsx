import { notFound } from "next/navigation";
import { RunProgress } from "@/components/run-progress";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { getRunFor } from "@/lib/failover/get-run";

export const metadata = { title: "Run" };
export const dynamic = "force-dynamic";

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const run = await getRunFor(db(), id, user);
  if (!run) notFound();
  return <RunProgress initial={run} mayAct={can(user.role, "run:start")} />;
}
