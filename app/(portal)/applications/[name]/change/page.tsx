import Link from "next/link";
import { notFound } from "next/navigation";
import { ChangeRequestForm } from "@/components/change-request-form";
import { refuse } from "@/components/forbidden";
import { mayOrderFor } from "@/lib/applications/may-order-for";
import { requireUser } from "@/lib/auth/session";
import { regionsOf } from "@/lib/changes/change-rules";
import { pendingOrderOf } from "@/lib/changes/pending-order";
import { applicationShapeOf } from "@/lib/changes/request-change";
import { db } from "@/lib/db/client";
import { listEnabledRegions } from "@/lib/regions/list-regions";
import { getApplicationFor } from "@/lib/applications/get-application";
import { config } from "@/lib/config/config";
import { Notice } from "@/components/panel";

export const metadata = { title: "Change an application" };

export default async function ChangePage({ params }: { params: Promise<{ name: string }> }) {
  const user = await requireUser();
  const visible = await getApplicationFor(db(), (await params).name, user);
  if (!visible) notFound();
  if (!mayOrderFor(visible, user)) refuse("order:create", "ask to change an application that is not yours");
  const { application, shape } = (await applicationShapeOf(db(), visible.name))!;
  const pending = await pendingOrderOf(db(), application.id);
  const enabled = await listEnabledRegions(db());
  const current = regionsOf(shape.namespaces);
  return (
    <>
      <p>
        <Link href={`/applications/${application.name}`}>← {application.name}</Link>
      </p>
      <h1>
        Change <span className="mono">{application.name}</span>
      </h1>
      <p className="lead">A change is an order like the first one: an approver decides, then the portal applies it in every region. The application keeps running meanwhile, and can still fail over.</p>
      {application.status !== "READY" ? (
        <Notice role="status" title={`${application.name} is ${application.status.toLowerCase()}; it can be changed once it is ready.`} />
      ) : pending ? (
        <Notice role="status" data-testid="change-blocked" title={pending.message} />
      ) : (
        <ChangeRequestForm
          application={shape}
          regionsToAdd={enabled.map((r) => r.name).filter((r) => !current.includes(r))}
          regionLabels={Object.fromEntries(enabled.map((r) => [r.name, r.displayName]))}
          costModel={config().orders.costModel}
        />
      )}
    </>
  );
}
