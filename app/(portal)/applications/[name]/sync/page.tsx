import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/auto-refresh";
import { DrSyncControls } from "@/components/dr-sync-controls";
import { SimpleTable } from "@/components/simple-table";
import { StatusLabel } from "@/components/status-label";
import { getApplicationFor } from "@/lib/applications/get-application";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listDrSyncs } from "@/lib/dr-sync/list-dr-syncs";
import { driftOf } from "@/lib/dr-sync/dr-namespaces";
import type { DriftEntry, SkippedObject } from "@/lib/dr-sync/sync-plan";
import { UserFacingError } from "@/lib/errors";
import { formatDuration, utcSecond } from "@/lib/format-time";
import { regionClients } from "@/lib/regions/region-clients";
import { Panel, StatusText } from "@/components/panel";

export const metadata = { title: "DR sync" };

const CHANGE_TEXT = { added: { text: "only in production", tone: "warn" }, changed: { text: "differs", tone: "warn" }, removed: { text: "only in DR", tone: "bad" } } as const;
const STATUS_TONE = { QUEUED: "warn", RUNNING: "warn", SUCCEEDED: "ok", FAILED: "bad" } as const;

export default async function DrSyncPage({ params }: { params: Promise<{ name: string }> }) {
  const user = await requireUser();
  const application = await getApplicationFor(db(), (await params).name, user);
  if (!application) notFound();
  const syncs = await listDrSyncs(db(), application.id);
  let live: Awaited<ReturnType<typeof driftOf>> | null = null;
  let problem: string | null = null;
  try {
    live = await driftOf(db(), regionClients(), application.id);
  } catch (error) {
    problem = error instanceof UserFacingError ? error.message : `The regions could not be read just now: ${(error as Error).message}. The history below is still accurate.`;
  }
  const pending = syncs.some((s) => s.status === "QUEUED" || s.status === "RUNNING");
  const lastDone = syncs.find((s) => s.status === "SUCCEEDED");

  return (
    <>
      <AutoRefresh active={pending} />
      <p>
        <Link href={`/applications/${application.name}`}>← {application.name}</Link>
      </p>
      <h1>
        DR sync of <span className="mono">{application.name}</span>
      </h1>
      <p className="lead">
        Sync copies the production namespace&apos;s objects into the passive DR namespace with every workload at 0 replicas and no volume bound, so a failover finds everything in place and only has to move the data. It only reads the active region and never starts anything in the passive one.
      </p>
      <Panel as="section" aria-label="Sync">
        <DrSyncControls applicationName={application.name} intervalMinutes={application.syncIntervalMinutes} />
        <p className="muted" data-testid="last-sync">
          {lastDone ? `Last sync ${utcSecond(lastDone.finishedAt!)} UTC (${lastDone.trigger.toLowerCase()}).` : "Never synced yet."}
        </p>
      </Panel>
      <Panel as="section" aria-labelledby="drift-heading" data-testid="drift">
        <h2 id="drift-heading">What differs right now</h2>
        {problem && (
          <StatusText role="alert">
            {problem}
          </StatusText>
        )}
        {live && (
          <>
            <p className="muted">
              <span className="mono">{live.active.namespace}</span> in {live.active.region} (active) against <span className="mono">{live.passive.namespace}</span> in {live.passive.region} (passive), read {utcSecond(live.checkedAt)} UTC.
            </p>
            {live.drift.length === 0 ? (
              <StatusText tone="success" data-testid="in-sync">
                In sync: the passive namespace holds every object of the active one.
              </StatusText>
            ) : (
              <DriftTable drift={live.drift} />
            )}
            {live.skipped.length > 0 && <SkippedList skipped={live.skipped} />}
          </>
        )}
      </Panel>
      <Panel as="section" aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        {syncs.length === 0 ? (
          <p className="muted">No sync yet.</p>
        ) : (
          <SimpleTable
            label="Syncs"
            testId="sync-history"
            columns={[
              { key: "asked", title: "Asked" },
              { key: "by", title: "By" },
              { key: "status", title: "Status" },
              { key: "took", title: "Took" },
              { key: "did", title: "What it did" },
            ]}
            rows={syncs.map((sync) => ({
              id: sync.id,
              cells: {
                asked: utcSecond(sync.createdAt),
                by: `${sync.requestedBy?.email ?? "schedule"} · ${sync.trigger.toLowerCase()}`,
                status: <StatusLabel tone={STATUS_TONE[sync.status]}>{sync.status.toLowerCase()}</StatusLabel>,
                took: sync.startedAt && sync.finishedAt ? formatDuration(sync.finishedAt.getTime() - sync.startedAt.getTime()) : "—",
                did: sync.error ?? summary(sync.changes as unknown as DriftEntry[]),
              },
            }))}
          />
        )}
      </Panel>
    </>
  );
}

function summary(changes: DriftEntry[]) {
  if (changes.length === 0) return "nothing to change";
  const count = (change: DriftEntry["change"]) => changes.filter((c) => c.change === change).length;
  return [`${count("added")} added`, `${count("changed")} updated`, `${count("removed")} removed`].join(", ");
}

function DriftTable({ drift }: { drift: DriftEntry[] }) {
  return (
    <SimpleTable
      label="What differs between production and DR"
      testId="drift-table"
      columns={[
        { key: "kind", title: "Kind" },
        { key: "name", title: "Name" },
        { key: "difference", title: "Difference" },
      ]}
      rows={drift.map((entry) => ({
        id: `${entry.kind}/${entry.name}`,
        testId: `drift-${entry.kind}-${entry.name}`,
        cells: { kind: entry.kind, name: <span className="mono">{entry.name}</span>, difference: <StatusLabel tone={CHANGE_TEXT[entry.change].tone}>{CHANGE_TEXT[entry.change].text}</StatusLabel> },
      }))}
    />
  );
}

function SkippedList({ skipped }: { skipped: SkippedObject[] }) {
  return (
    <>
      <h3>Not carried across</h3>
      <ul data-testid="sync-skipped">
        {skipped.map((s) => (
          <li key={`${s.kind}/${s.name}`}>
            {s.kind} <span className="mono">{s.name}</span>: {s.reason}
          </li>
        ))}
      </ul>
    </>
  );
}
