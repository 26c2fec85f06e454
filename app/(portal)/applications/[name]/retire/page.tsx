import Link from "next/link";
import { notFound } from "next/navigation";
import { refuse } from "@/components/forbidden";
import { RetireRequestForm } from "@/components/retire-request-form";
import { getApplicationFor } from "@/lib/applications/get-application";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { regionClients } from "@/lib/regions/region-clients";
import { applicationVolumes, type RetiredVolume } from "@/lib/retirement/application-volumes";
import { mayOrderFor } from "@/lib/applications/may-order-for";
import { Panel, StatusText } from "@/components/panel";

export const metadata = { title: "Retire an application" };

export default async function RetirePage({ params }: { params: Promise<{ name: string }> }) {
  const user = await requireUser();
  const application = await getApplicationFor(db(), (await params).name, user);
  if (!application) notFound();
  if (!mayOrderFor(application, user)) refuse("order:create", "ask to retire an application that is not yours");
  let volumes: RetiredVolume[] | null = null;
  let problem: string | null = null;
  try {
    volumes = await applicationVolumes(db(), regionClients(), application.id);
  } catch (error) {
    problem = `The regions could not be read just now (${(error as Error).message}); try again in a moment: the approver must see the volumes.`;
  }
  return (
    <>
      <p>
        <Link href={`/applications/${application.name}`}>← {application.name}</Link>
      </p>
      <h1>
        Retire <span className="mono">{application.name}</span>
      </h1>
      <p className="lead">Once an approver agrees, every namespace of the application is removed in every region and its security block is freed. Its orders, runs and audit trail stay readable. Nothing happens until then.</p>
      <Panel as="section" aria-label="What goes">
        <h2>What goes</h2>
        <ul data-testid="retire-namespaces">
          {application.namespaces
            .filter((ns) => ns.status !== "DELETED")
            .map((ns) => (
              <li key={ns.id}>
                <span className="mono">{ns.name}</span> in {ns.region.displayName}
              </li>
            ))}
        </ul>
        {problem && (
          <StatusText role="alert">
            {problem}
          </StatusText>
        )}
        {volumes && (volumes.length === 0 ? <p>No Cinder volumes.</p> : <p>Cinder volumes: {volumes.map((v) => `${v.name} (${v.sizeGb ?? "?"} GiB)`).join(", ")}. The approver chooses to delete them (typing each name) or keep them in the OpenStack project.</p>)}
      </Panel>
      {volumes && <RetireRequestForm applicationName={application.name} />}
    </>
  );
}
