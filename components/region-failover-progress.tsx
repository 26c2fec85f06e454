"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useNow } from "@/components/use-now";
import { SimpleTable } from "@/components/simple-table";
import { StatusLabel, type Tone } from "@/components/status-label";
import { RunStatusBadge } from "@/components/run-status-badge";
import type { RegionFailoverView } from "@/lib/failover/get-region-failover";
import { RUN_KIND_LABEL } from "@/lib/failover/run-kind";
import { formatDuration, utcSecond } from "@/lib/format-time";
import { Notice, Panel, StatusText } from "@/components/panel";

const SEGMENTS = [
  { key: "succeeded", label: "completed", color: "var(--ok)" },
  { key: "running", label: "running", color: "var(--warn)" },
  { key: "waiting", label: "waiting for a free slot", color: "var(--line)" },
  { key: "stopped", label: "stopped — need you", color: "var(--bad)" },
  { key: "aborted", label: "aborted", color: "var(--muted)" },
] as const;

const RESCALE_LABEL: Record<RegionFailoverView["rescales"][number]["status"], { text: string; tone: Tone }> = {
  QUEUED: { text: "queued", tone: "" },
  RUNNING: { text: "re-scaling", tone: "warn" },
  DONE: { text: "carried in full", tone: "ok" },
  PARTIAL: { text: "carried in part", tone: "bad" },
  FAILED: { text: "stopped", tone: "bad" },
  REBALANCING: { text: "rebalancing", tone: "warn" },
  REBALANCED: { text: "rebalanced", tone: "ok" },
};

/** Every application's run of one region failover, live: a bar of where they all are, then each one. */
export function RegionFailoverProgress({ initial, canRebalance }: { initial: RegionFailoverView; canRebalance: boolean }) {
  const query = useQuery({
    queryKey: ["region-failover", initial.id],
    queryFn: async (): Promise<RegionFailoverView> => {
      const response = await fetch(`/api/region-failovers/${initial.id}`, { cache: "no-store" });
      if (!response.ok) throw new Error(`The portal answered ${response.status}.`);
      return response.json();
    },
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.finishedAt ? false : 1000),
  });
  const view = query.data;
  const now = useNow(!view.finishedAt);
  const carried = view.rescales.filter((r) => r.status === "DONE" || r.status === "REBALANCING" || r.status === "REBALANCED").length;
  const total = view.runs.length + view.rescales.length;
  const completed = view.counts.succeeded + carried;
  const rebalanceable = view.rescales.some((r) => r.status === "DONE" || r.status === "PARTIAL" || (r.status === "FAILED" && r.items.length > 0));
  const elapsed = (view.finishedAt ? new Date(view.finishedAt).getTime() : now) - new Date(view.createdAt).getTime();

  return (
    <>
      <h1>
        Region failover of <span className="mono">{view.region}</span>{" "}
        <StatusLabel tone={view.finishedAt ? (completed === total ? "ok" : "bad") : "warn"} testId="region-failover-status">
          {view.finishedAt ? (completed === total ? "Completed" : "Finished with problems") : "In progress"}
        </StatusLabel>
      </h1>
      <p className="lead">
        {view.mode === "FORCED" ? "Forced · " : ""}started by {view.startedBy} at {utcSecond(new Date(view.createdAt))} · “{view.reason}”
      </p>
      <Panel as="section" aria-label="Progress">
        <div className="inline spread">
          <strong data-testid="region-failover-counts">
            {completed} of {total} completed
          </strong>
          <span className="big">{formatDuration(Math.max(0, elapsed))}</span>
        </div>
        <div className="stacked-bar" role="img" aria-label={SEGMENTS.map((s) => `${view.counts[s.key]} ${s.label}`).join(", ")}>
          {SEGMENTS.map((s) => (view.counts[s.key] > 0 ? <span key={s.key} style={{ flexGrow: view.counts[s.key], background: s.color }} title={`${view.counts[s.key]} ${s.label}`} /> : null))}
        </div>
        <p className="muted">{SEGMENTS.filter((s) => view.counts[s.key] > 0).map((s) => `${view.counts[s.key]} ${s.label}`).join(" · ")}</p>
        {view.skipped.length > 0 && (
          <Notice title="Not started:">
            <ul>
              {view.skipped.map((s) => (
                <li key={s.application}>
                  <span className="mono">{s.application}</span>: {s.why}
                </li>
              ))}
            </ul>
          </Notice>
        )}
      </Panel>
      {view.rescales.length > 0 && (
        <Panel as="section" aria-labelledby="rescales-h">
          <div className="inline spread">
            <h2 id="rescales-h">Multi-site applications: carried by their other regions</h2>
            {canRebalance && rebalanceable && (
              <Link href={`/regions/${view.region}/rebalance`} data-testid="rebalance-link">
                {view.region} is back? Rebalance…
              </Link>
            )}
          </div>
          <SimpleTable
            label="Multi-site applications carried"
            testId="region-failover-rescales"
            columns={[
              { key: "application", title: "Application" },
              { key: "state", title: "State" },
              { key: "replicas", title: "Replicas" },
              { key: "users", title: "Users reach" },
            ]}
            rows={view.rescales.map((rescale) => ({
              id: rescale.application,
              testId: `rescale-${rescale.application}`,
              cells: {
                application: <span className="mono">{rescale.application}</span>,
                state: (
                  <>
                    <StatusLabel tone={RESCALE_LABEL[rescale.status].tone}>{RESCALE_LABEL[rescale.status].text}</StatusLabel>
                    {rescale.error && rescale.status !== "REBALANCED" && <StatusText>{rescale.error}</StatusText>}
                  </>
                ),
                replicas: (
                  <>
                    {rescale.items.length === 0 ? (
                      <span className="muted">{rescale.status === "QUEUED" || rescale.status === "RUNNING" ? "reading its regions…" : "nothing ran in the lost region"}</span>
                    ) : (
                      <ul className="plain">
                        {rescale.items.map((item) => (
                          <li key={`${item.region}/${item.name}`}>
                            {item.region} <span className="mono">{item.name}</span> {item.from} → {rescale.status === "REBALANCED" ? `${item.to} → ${item.from}` : item.to}
                            {item.to < item.wanted && (
                              <>
                                {" "}
                                <StatusLabel tone="bad">wanted {item.wanted}</StatusLabel>
                              </>
                            )}
                          </li>
                        ))}
                      </ul>
                    )}
                    {rescale.shortfalls.map((line) => (
                      <StatusText key={line}>
                        {line}
                      </StatusText>
                    ))}
                  </>
                ),
                users: <span className="mono">{rescale.usersReach ?? ""}</span>,
              },
            }))}
          />
        </Panel>
      )}
      {view.down.length > 0 && (
        <Panel as="section" aria-labelledby="down-h">
          <h2 id="down-h">Single-site applications down with {view.region}</h2>
          <p className="muted">No other region to go to: they come back with {view.region}.</p>
          <ul data-testid="region-failover-down">
            {view.down.map((d) => (
              <li key={d.application}>
                <span className="mono">{d.application}</span> <span className="muted">({d.namespaces.join(", ")})</span>
              </li>
            ))}
          </ul>
        </Panel>
      )}
      {view.runs.length > 0 && (
      <Panel as="section" aria-label="Runs">
          <SimpleTable
            label="The region failover's runs"
            testId="region-failover-runs"
            columns={[
              { key: "application", title: "Application" },
              { key: "run", title: "Run" },
              { key: "where", title: "Where it is" },
              { key: "rto", title: "RTO" },
            ]}
            rows={view.runs.map((run) => ({
              id: run.id,
              cells: {
                application: <span className="mono">{run.application}</span>,
                run: (
                  <>
                    <Link href={`/runs/${run.id}`}>{RUN_KIND_LABEL[run.kind]}</Link> <RunStatusBadge status={run.status} />
                  </>
                ),
                where: run.status === "WAITING" ? <StatusText>{run.error}</StatusText> : (run.currentStepTitle ?? (run.status === "PENDING" ? "waiting for a free slot" : "")),
                rto: run.rtoSeconds !== null ? formatDuration(run.rtoSeconds * 1000) : "",
              },
            }))}
          />
        </Panel>
      )}
    </>
  );
}
