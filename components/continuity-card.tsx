import Link from "next/link";
import { RtoChart } from "@/components/rto-chart";
import { RunStatusBadge } from "@/components/run-status-badge";
import { SimpleTable } from "@/components/simple-table";
import type { DrRegions } from "@/lib/failover/dr-regions";
import type { runsOfApplication } from "@/lib/failover/get-run";
import { RUN_KIND_LABEL } from "@/lib/failover/run-kind";
import { formatDuration, utcMinute } from "@/lib/format-time";
import { Panel } from "@/components/panel";

type Runs = Awaited<ReturnType<typeof runsOfApplication>>;

const LATEST_RUNS = 5;

/** A DR application's business continuity at a glance: where it runs, its last run and drill, RTO over time, and the guarded buttons. */
export function ContinuityCard({ applicationName, regions, runs, mayRun }: { applicationName: string; regions: DrRegions; runs: Runs; mayRun: boolean }) {
  const active = runs.find((r) => r.activeApplicationId !== null);
  const lastMove = runs.find((r) => r.kind !== "DRILL" && r.status === "SUCCEEDED");
  const lastDrill = runs.find((r) => r.kind === "DRILL" && r.status === "SUCCEEDED");
  const points = runs
    .filter((r) => r.status === "SUCCEEDED" && r.rtoSeconds !== null)
    .map((r) => ({ at: r.createdAt.getTime(), rtoSeconds: r.rtoSeconds!, kind: r.kind }))
    .reverse();
  return (
    <Panel as="section" aria-labelledby="continuity-heading" data-testid="continuity">
      <div className="inline spread">
        <h2 id="continuity-heading">Business continuity</h2>
        {mayRun && !active && (
          <div className="inline">
            <Link className="button" href={`/applications/${applicationName}/runs/new?kind=${regions.nextMove}`} data-testid="fail-over-button">
              {regions.nextMove === "FAILOVER" ? `Fail over to ${regions.dr.name}…` : `Fail back to ${regions.primary.name}…`}
            </Link>
            <Link className="button secondary" href={`/applications/${applicationName}/runs/new?kind=DRILL`}>
              Run a DR drill…
            </Link>
          </div>
        )}
      </div>
      <dl className="review">
        <dt>Serving from</dt>
        <dd>
          <strong data-testid="serving-region">{regions.active.name}</strong> ({regions.active.id === regions.primary.id ? "primary" : "DR region"}); standby {regions.standby.name}
        </dd>
        {active && (
          <>
            <dt>Active run</dt>
            <dd>
              <Link href={`/runs/${active.id}`}>{RUN_KIND_LABEL[active.kind]}</Link> <RunStatusBadge status={active.status} />
            </dd>
          </>
        )}
        <dt>Last failover</dt>
        <dd>{lastMove ? <Link href={`/runs/${lastMove.id}`}>{`${RUN_KIND_LABEL[lastMove.kind]} to ${lastMove.toRegion.name}, ${utcMinute(lastMove.createdAt)}, RTO ${formatDuration((lastMove.rtoSeconds ?? 0) * 1000)}`}</Link> : "never"}</dd>
        <dt>Last drill</dt>
        <dd data-testid="last-drill">{lastDrill ? <Link href={`/runs/${lastDrill.id}`}>{`${utcMinute(lastDrill.createdAt)}, RTO ${formatDuration((lastDrill.rtoSeconds ?? 0) * 1000)}`}</Link> : "never — run one to know your RTO"}</dd>
      </dl>
      {points.length > 0 ? <RtoChart points={points} /> : <p className="muted">The RTO of every completed drill and failover is drawn here over time.</p>}
      {runs.length > 0 && (
        <>
          <h3>Latest runs</h3>
          <SimpleTable
            label={`Latest runs of ${applicationName}`}
            testId="latest-runs"
            columns={[
              { key: "run", title: "Run" },
              { key: "direction", title: "From → to" },
              { key: "started", title: "Started" },
              { key: "status", title: "Status" },
              { key: "rto", title: "RTO" },
            ]}
            rows={runs.slice(0, LATEST_RUNS).map((r) => ({
              id: r.id,
              cells: {
                run: <Link href={`/runs/${r.id}`}>{RUN_KIND_LABEL[r.kind]}</Link>,
                direction: `${r.fromRegion.name} → ${r.toRegion.name}`,
                started: utcMinute(r.createdAt),
                status: <RunStatusBadge status={r.status} />,
                rto: r.rtoSeconds !== null ? formatDuration(r.rtoSeconds * 1000) : "",
              },
            }))}
          />
          <Link href={`/runs?q=${encodeURIComponent(applicationName)}`}>Every run of {applicationName}, with search and filters</Link>
        </>
      )}
    </Panel>
  );
}
