import Link from "next/link";
import { notFound } from "next/navigation";
import { refuse } from "@/components/forbidden";
import { GuardForm } from "@/components/guard-form";
import { ProbeLabels } from "@/components/probe-labels";
import { SimpleTable } from "@/components/simple-table";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { rebalancePlan } from "@/lib/failover/rebalance-plan";
import { utcMinute } from "@/lib/format-time";
import { regionProbeClients } from "@/lib/regions/region-clients";
import { EmptyNote, Panel, StatusText } from "@/components/panel";

export const metadata = { title: "Rebalance a region" };
export const dynamic = "force-dynamic";

export default async function RebalancePage({ params }: { params: Promise<{ name: string }> }) {
  const user = await requireUser();
  if (!can(user.role, "run:start")) refuse("run:start", "rebalance a region");
  const plan = await rebalancePlan(db(), regionProbeClients(), (await params).name);
  if (!plan) notFound();
  const { region, probe, applications } = plan;
  const up = probe.cluster.ok;
  const latest = applications.at(-1)?.regionFailoverId;

  return (
    <div className="guard">
      <h1>
        Rebalance into <span className="mono">{region.name}</span>
      </h1>
      <p className="lead">
        Each multi-site application gets its share in {region.displayName} again: its replicas there started and ready first, then its users sent there again, then its other regions scaled back to what they ran before the failover. Nothing runs on fewer replicas at any moment.
      </p>
      <Panel as="section" aria-label="Region health">
        <h2>{region.displayName}</h2>
        <p>
          <ProbeLabels probe={probe} />
        </p>
        {!up && <StatusText>{region.name} does not answer yet: rebalancing now would send users back to a dead region. This page unlocks when it answers.</StatusText>}
      </Panel>
      <Panel as="section" aria-labelledby="rebalance-h">
        <h2 id="rebalance-h">Applications to rebalance ({applications.length})</h2>
        {applications.length === 0 ? (
          <EmptyNote>No multi-site application waits to be rebalanced into {region.name}.</EmptyNote>
        ) : (
          <SimpleTable
            label="Applications to rebalance"
            testId="rebalance-applications"
            columns={[
              { key: "application", title: "Application" },
              { key: "starts", title: `Starts again in ${region.name}` },
              { key: "back", title: "Goes back" },
            ]}
            rows={applications.map((app) => ({
              id: app.application,
              cells: {
                application: (
                  <>
                    <span className="mono">{app.application}</span>
                    <div className="muted">carried since {utcMinute(new Date(app.since))}</div>
                  </>
                ),
                starts: app.startsAgain.map((s) => `${s.name} ×${s.replicas}${s.assumed ? " (as the others ran it)" : ""}`).join(", ") || "—",
                back: app.goesBack.map((g) => `${g.region} ${g.name} ${g.to} → ${g.from}`).join(", ") || "—",
              },
            }))}
          />
        )}
        {latest && <Link href={`/region-failovers/${latest}`}>The region failover</Link>}
      </Panel>
      <Panel as="section" aria-label="Confirm">
        <GuardForm target={{ kind: "REBALANCE", region: region.name, returnTo: latest ? `/region-failovers/${latest}` : "/" }} verb={`Rebalance ${applications.length} application(s) into ${region.displayName}`} forcedRecommended={false} blocked={!up || applications.length === 0}
          consequence={`Each application's share in ${region.displayName} is started and waited for, its router goes back into its global name, and the other regions are scaled back to what they ran before.`}
        />
      </Panel>
    </div>
  );
}
