"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { DashboardSummary, RegionSummary } from "@/lib/dashboard/dashboard-summary";
import { RUN_KIND_LABEL } from "@/lib/failover/run-kind";
import { formatDuration, utcMinute, utcSecond } from "@/lib/format-time";
import { EmptyNote, Notice, Panel } from "./panel";
import { RegionMap } from "./region-map";
import { RunStatusBadge } from "./run-status-badge";
import { StatusLabel } from "./status-label";
import { useNow } from "./use-now";

// The dashboard's live part: what needs someone, the regions drawn with how many applications
// serve from each and where the DR ones would go, and each region's health. The server draws it
// first; from then on only this summary is asked for again, every few seconds, not the page.

const REFRESH_MS = 5000;

function HealthBadges({ health }: { health: RegionSummary["health"] }) {
  if (!health.checkedAt) return <StatusLabel tone="warn">not checked yet</StatusLabel>;
  return (
    <>
      <StatusLabel tone={health.clusterUp ? "ok" : "bad"}>{health.clusterUp ? `OpenShift ${health.clusterLatencyMs} ms` : "OpenShift down"}</StatusLabel>{" "}
      <StatusLabel tone={health.storageUp ? "ok" : "bad"}>{health.storageUp ? `Cinder ${health.storageLatencyMs} ms` : "Cinder down"}</StatusLabel>
    </>
  );
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const more = (total: number, shown: number) => (total > shown ? <li className="muted">and {total - shown} more</li> : null);

function NeedsSomeone({ attention, now }: { attention: DashboardSummary["attention"]; now: number }) {
  const { runs, fences, drillsOverdue, drift } = attention;
  if (runs.total + fences.total + drillsOverdue.total + drift.total === 0) {
    return (
      <Panel as="section" aria-labelledby="attention-h" data-testid="attention">
        <h2 id="attention-h">Needs someone</h2>
        <EmptyNote>Nothing: no run in progress or stopped, no fence pending, every drill within its interval, every pairing in place.</EmptyNote>
      </Panel>
    );
  }
  return (
    <section aria-labelledby="attention-h" data-testid="attention">
      <h2 id="attention-h">Needs someone</h2>
      {runs.total > 0 && (
        <Notice
          tone={runs.stopped > 0 ? "danger" : "info"}
          data-testid="active-runs"
          title={`${plural(runs.total, "run")} in progress${runs.stopped ? `, ${runs.stopped} stopped and waiting for a person` : ""}`}
        >
          <ul className="plain">
            {runs.items.map((run) => (
              <li key={run.id}>
                <Link href={`/runs/${run.id}`}>
                  {RUN_KIND_LABEL[run.kind]} of {run.application}
                </Link>{" "}
                {run.from} → {run.to} <RunStatusBadge status={run.status} /> {run.step ?? ""} <span className="muted">for {formatDuration(now - Date.parse(run.since))}</span>
                {run.status === "WAITING" && run.error && <div className="muted">{run.error}</div>}
              </li>
            ))}
            {more(runs.total, runs.items.length)}
          </ul>
          <Link href="/runs">Every run</Link>
        </Notice>
      )}
      {fences.total > 0 && (
        <Notice tone="danger" data-testid="fences-required" title={`${plural(fences.total, "fence")} required: a region may still run what was failed over away from it`}>
          <ul className="plain">
            {fences.items.map((fence) => (
              <li key={`${fence.application}/${fence.region}`}>
                <Link href={`/applications/${fence.application}`}>{fence.application}</Link> in {fence.region}/<span className="mono">{fence.namespace}</span>, since {utcMinute(new Date(fence.since))}
                {fence.lastError ? <span className="muted"> · last try: {fence.lastError}</span> : null}
              </li>
            ))}
            {more(fences.total, fences.items.length)}
          </ul>
        </Notice>
      )}
      {drillsOverdue.total > 0 && (
        <Notice tone="warning" data-testid="drills-overdue" title={`${plural(drillsOverdue.total, "DR application")} not drilled in the last ${drillsOverdue.days} days`}>
          <ul className="plain">
            {drillsOverdue.items.map((item) => (
              <li key={item.application}>
                <Link href={`/applications/${item.application}`}>{item.application}</Link>: {item.lastDrillAt ? `last good drill ${utcMinute(new Date(item.lastDrillAt))}` : "never drilled"}
              </li>
            ))}
            {more(drillsOverdue.total, drillsOverdue.items.length)}
          </ul>
        </Notice>
      )}
      {drift.total > 0 && (
        <Notice tone="warning" data-testid="pairing-drift" title={`${plural(drift.total, "application")} whose namespaces no longer pair`}>
          <ul className="plain">
            {drift.items.map((item) => (
              <li key={item.application}>
                <Link href={`/applications/${item.application}`}>{item.application}</Link>: {item.state === "missing" ? "a namespace is missing" : "the security blocks differ"}
                {item.checkedAt ? <span className="muted"> (checked {utcMinute(new Date(item.checkedAt))})</span> : null}
              </li>
            ))}
            {more(drift.total, drift.items.length)}
          </ul>
        </Notice>
      )}
    </section>
  );
}

export function DashboardLive({ initial, mayRun }: { initial: DashboardSummary; mayRun: boolean }) {
  const query = useQuery({
    queryKey: ["dashboard"],
    queryFn: async (): Promise<DashboardSummary> => {
      const response = await fetch("/api/dashboard", { cache: "no-store" });
      if (!response.ok) throw new Error(`The portal answered ${response.status}.`);
      return response.json();
    },
    initialData: initial,
    refetchInterval: REFRESH_MS,
  });
  const summary = query.data;
  const now = useNow(summary.attention.runs.total > 0);
  const { byProfile, total, drPhases } = summary.applications;
  return (
    <>
      <p className="muted" data-testid="dashboard-read-at">
        {plural(total, "ready application")}: {byProfile.DR} DR, {byProfile.MULTI_SITE} multi-site, {byProfile.SINGLE_SITE} single-site
        {Object.keys(drPhases).length > 0 && ` · DR: ${Object.entries(drPhases).map(([phase, n]) => `${n} ${phase.toLowerCase().replaceAll("_", " ")}`).join(", ")}`} · read {utcSecond(new Date(summary.readAt))}
        {query.isError && " · could not refresh just now; retrying"}
      </p>
      <NeedsSomeone attention={summary.attention} now={now} />
      <Panel as="section" aria-labelledby="map-h">
        <h2 id="map-h">Regions and their applications</h2>
        <RegionMap regions={summary.regions} />
      </Panel>
      <div className="grid">
        {summary.regions.map((region) => (
          <Panel as="section" key={region.name} aria-label={`Region ${region.name}`} data-testid={`dashboard-region-${region.name}`}>
            <h2>
              {region.displayName} <span className="mono muted">{region.name}</span>
            </h2>
            <p>
              <HealthBadges health={region.health} />
            </p>
            <p className="muted">
              {region.health.checkedAt ? `last check ${utcSecond(new Date(region.health.checkedAt))}` : ""}
              {region.health.error ? ` · ${region.health.error}` : ""}
            </p>
            <dl className="review">
              <dt>DR, active here</dt>
              <dd>{region.serving.DR}</dd>
              <dt>DR, standby here</dt>
              <dd>{region.standby}</dd>
              <dt>Multi-site</dt>
              <dd>{region.serving.MULTI_SITE}</dd>
              <dt>Single-site</dt>
              <dd>{region.serving.SINGLE_SITE}</dd>
            </dl>
            {mayRun && region.serving.DR + region.serving.MULTI_SITE > 0 && <Link href={`/regions/${region.name}/failover`}>Fail over the region…</Link>}
          </Panel>
        ))}
      </div>
    </>
  );
}
