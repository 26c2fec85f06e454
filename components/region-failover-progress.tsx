"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useNow } from "@/components/use-now";
import { RunStatusBadge } from "@/components/run-status-badge";
import type { RegionFailoverView } from "@/lib/failover/get-region-failover";
import { RUN_KIND_LABEL } from "@/lib/failover/run-kind";
import { formatDuration, utcSecond } from "@/lib/format-time";

const SEGMENTS = [
  { key: "succeeded", label: "completed", color: "var(--ok)" },
  { key: "running", label: "running", color: "var(--warn)" },
  { key: "waiting", label: "waiting for a free slot", color: "var(--line)" },
  { key: "stopped", label: "stopped — need you", color: "var(--bad)" },
  { key: "aborted", label: "aborted", color: "var(--muted)" },
] as const;

/** Every application's run of one region failover, live: a bar of where they all are, then each one. */
export function RegionFailoverProgress({ initial }: { initial: RegionFailoverView }) {
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
  const total = view.runs.length;
  const elapsed = (view.finishedAt ? new Date(view.finishedAt).getTime() : now) - new Date(view.createdAt).getTime();

  return (
    <>
      <h1>
        Region failover of <span className="mono">{view.region}</span>{" "}
        <span className={`badge ${view.finishedAt ? (view.counts.succeeded === total ? "ok" : "bad") : "warn"}`} data-testid="region-failover-status">
          {view.finishedAt ? (view.counts.succeeded === total ? "Completed" : "Finished with problems") : "In progress"}
        </span>
      </h1>
      <p className="lead">
        {view.mode === "FORCED" ? "Forced · " : ""}started by {view.startedBy} at {utcSecond(new Date(view.createdAt))} · “{view.reason}”
      </p>
      <section className="card" aria-label="Progress">
        <div className="inline spread">
          <strong data-testid="region-failover-counts">
            {view.counts.succeeded} of {total} completed
          </strong>
          <span className="big">{formatDuration(Math.max(0, elapsed))}</span>
        </div>
        <div className="stacked-bar" role="img" aria-label={SEGMENTS.map((s) => `${view.counts[s.key]} ${s.label}`).join(", ")}>
          {SEGMENTS.map((s) => (view.counts[s.key] > 0 ? <span key={s.key} style={{ flexGrow: view.counts[s.key], background: s.color }} title={`${view.counts[s.key]} ${s.label}`} /> : null))}
        </div>
        <p className="muted">{SEGMENTS.filter((s) => view.counts[s.key] > 0).map((s) => `${view.counts[s.key]} ${s.label}`).join(" · ")}</p>
        {view.skipped.length > 0 && (
          <div className="notice">
            <strong>Not started:</strong>
            <ul>
              {view.skipped.map((s) => (
                <li key={s.application}>
                  <span className="mono">{s.application}</span>: {s.why}
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>
      <section className="card" aria-label="Runs">
        <table>
          <thead>
            <tr>
              <th>Application</th>
              <th>Run</th>
              <th>Where it is</th>
              <th>RTO</th>
            </tr>
          </thead>
          <tbody>
            {view.runs.map((run) => (
              <tr key={run.id}>
                <td className="mono">{run.application}</td>
                <td>
                  <Link href={`/runs/${run.id}`}>{RUN_KIND_LABEL[run.kind]}</Link> <RunStatusBadge status={run.status} />
                </td>
                <td>
                  {run.status === "WAITING" ? <span className="error">{run.error}</span> : (run.currentStepTitle ?? (run.status === "PENDING" ? "waiting for a free slot" : ""))}
                </td>
                <td>{run.rtoSeconds !== null ? formatDuration(run.rtoSeconds * 1000) : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
