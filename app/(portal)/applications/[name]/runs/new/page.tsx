import Link from "next/link";
import { notFound } from "next/navigation";
import { refuse } from "@/components/forbidden";
import { EstimatedTime } from "@/components/estimated-time";
import { GuardForm } from "@/components/guard-form";
import { ProbeLabels } from "@/components/probe-labels";
import { SimpleTable } from "@/components/simple-table";
import { StatusLabel } from "@/components/status-label";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { preflightSummary } from "@/lib/failover/preflight-summary";
import { RUN_KIND_LABEL } from "@/lib/failover/run-kind";
import { utcMinute } from "@/lib/format-time";
import { regionProbeClients } from "@/lib/regions/region-clients";
import { Notice, Panel, StatusText } from "@/components/panel";

export const metadata = { title: "Pre-flight" };
export const dynamic = "force-dynamic";

const KINDS = ["FAILOVER", "FAILBACK", "DRILL"] as const;

export default async function PreflightPage({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: Promise<{ kind?: string }> }) {
  const user = await requireUser();
  if (!can(user.role, "run:start")) refuse("run:start", "fail applications over, fail them back or start DR drills");
  const { name } = await params;
  const asked = (await searchParams).kind;
  const kind = KINDS.find((k) => k === asked) ?? "FAILOVER";
  const summary = await preflightSummary(db(), regionProbeClients(), name, kind);
  if (!summary) notFound();
  const consequence =
    kind === "DRILL"
      ? `A copy of every volume is started in an isolated namespace in ${summary.to.displayName}, checked, timed and torn down. Production in ${summary.from.displayName} keeps running.`
      : `${summary.application} moves from ${summary.from.displayName} to ${summary.to.displayName}. Its workloads in ${summary.from.displayName} stop; users see an outage until the last step.`;
  const verb = kind === "DRILL" ? `Start the drill in ${summary.to.displayName}` : `${kind === "FAILOVER" ? "Fail over" : "Fail back"} ${summary.application} to ${summary.to.displayName}`;

  return (
    <div className="guard">
      <h1>
        {RUN_KIND_LABEL[kind]} of <span className="mono">{summary.application}</span>: pre-flight
      </h1>
      <p className="lead">{consequence}</p>
      {summary.blockers.length > 0 && (
        <Notice role="alert" data-testid="preflight-blockers" title="Not possible right now:">
          <ul>
            {summary.blockers.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
          {summary.activeRun && <Link href={`/runs/${summary.activeRun.id}`}>Open the active run</Link>}
        </Notice>
      )}
      <div className="grid">
        <Panel as="section" aria-labelledby="regions-h">
          <h2 id="regions-h">Regions</h2>
          <SimpleTable
            label="The run's regions"
            columns={[
              { key: "role", title: "Direction" },
              { key: "region", title: "Region and namespace" },
              { key: "health", title: "Answers" },
            ]}
            rows={([["From", summary.from], ["To", summary.to]] as const).map(([role, region]) => ({
              id: role,
              cells: {
                role: <strong>{role}</strong>,
                region: (
                  <>
                    <strong>{region.displayName}</strong>
                    <div className="mono">{region.namespace}</div>
                  </>
                ),
                health: (
                  <>
                    <ProbeLabels probe={region} />
                    {!region.cluster.ok && <StatusText>{region.cluster.error}</StatusText>}
                  </>
                ),
              },
            }))}
          />
          <p>
            Target pairing:{" "}
            <StatusLabel tone={summary.pairing.state === "identical" ? "ok" : summary.pairing.state === "unknown" ? "warn" : "bad"} testId="preflight-pairing">
              {summary.pairing.state}
            </StatusLabel>{" "}
            <span className="muted">{summary.pairing.detail}</span>
          </p>
        </Panel>
        <Panel as="section" aria-labelledby="estimate-h">
          <h2 id="estimate-h">Estimated time</h2>
          <EstimatedTime {...summary.estimate} testId="run-estimate" />
          {summary.forcedRecommended && (
            <StatusText>
              {summary.from.displayName} does not answer: only a forced {kind.toLowerCase()} is possible.{" "}
              {summary.lastExport ? `It uses the export of ${utcMinute(new Date(summary.lastExport.at))}.` : "There is no earlier export to use, so it would fail."}
            </StatusText>
          )}
        </Panel>
      </div>
      <div className="grid">
        <Panel as="section" aria-labelledby="volumes-h">
          <h2 id="volumes-h">Volumes</h2>
          {summary.volumes === null ? (
            <p className="muted">{summary.from.displayName} does not answer; the volumes are read from the last export when the run starts.</p>
          ) : summary.volumes.length === 0 ? (
            <p className="muted">No claims: nothing to move but the objects.</p>
          ) : (
            <SimpleTable
              label="Volumes that move"
              testId="preflight-volumes"
              columns={[
                { key: "claim", title: "Claim" },
                { key: "size", title: "Size" },
                { key: "status", title: "Cinder volume" },
              ]}
              rows={summary.volumes.map((v) => ({ id: v.claim, cells: { claim: <span className="mono">{v.claim}</span>, size: v.size !== null ? `${v.size} GiB` : "unknown", status: v.status } }))}
            />
          )}
        </Panel>
        <Panel as="section" aria-labelledby="stop-h">
          <h2 id="stop-h">What will stop</h2>
          {summary.willStop === null ? (
            <p className="muted">Unknown: {summary.from.displayName} does not answer.</p>
          ) : summary.willStop.length === 0 ? (
            <p>Nothing: {kind === "DRILL" ? "production keeps running." : "no workload runs in the source."}</p>
          ) : (
            <ul data-testid="preflight-will-stop">
              {summary.willStop.map((w) => (
                <li key={w.name}>
                  {w.kind} <span className="mono">{w.name}</span>: {w.replicas} → 0 in {summary.from.displayName}, {w.replicas} started in {summary.to.displayName}
                </li>
              ))}
            </ul>
          )}
        </Panel>
      </div>
      <Panel as="section" aria-labelledby="capacity-h">
        <h2 id="capacity-h">Room in {summary.to.displayName}</h2>
        {summary.capacity === null ? (
          <p className="muted">Not checked: {summary.to.displayName} or what will move could not be read now. The run checks it again before it moves anything.</p>
        ) : (
          <ul data-testid="preflight-capacity">
            {summary.capacity.shortfalls.map((line) => (
              <li key={line}>
                <StatusText>{line}</StatusText>
              </li>
            ))}
            {summary.capacity.lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </Panel>
      <Panel as="section" danger={kind !== "DRILL"} aria-label="Confirm">
        <GuardForm target={{ kind, applicationName: summary.application }} verb={verb} forcedRecommended={summary.forcedRecommended} blocked={summary.blockers.length > 0} consequence={consequence} />
      </Panel>
    </div>
  );
}
