import { notFound } from "next/navigation";
import { refuse } from "@/components/forbidden";
import { EstimatedTime } from "@/components/estimated-time";
import { GuardForm } from "@/components/guard-form";
import { ProbeLabels } from "@/components/probe-labels";
import { SimpleTable } from "@/components/simple-table";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { regionFailoverPlan } from "@/lib/failover/region-failover-plan";
import { formatDuration, utcMinute } from "@/lib/format-time";
import { pairingTone } from "@/components/pairing-tone";
import { StatusLabel } from "@/components/status-label";
import { regionProbeClients } from "@/lib/regions/region-clients";
import { config } from "@/lib/config/config";
import { EmptyNote, Notice, Panel, StatusText } from "@/components/panel";

export const metadata = { title: "Region failover" };
export const dynamic = "force-dynamic";

export default async function RegionFailoverPage({ params }: { params: Promise<{ name: string }> }) {
  const user = await requireUser();
  if (!can(user.role, "run:start")) refuse("run:start", "fail over a region");
  const { name } = await params;
  const plan = await regionFailoverPlan(db(), regionProbeClients(), name, config().runs.concurrency);
  if (!plan) notFound();
  const { region, applications, multiSite, alreadyCarried, down, probe, targets, capacity, concurrency, perRun, estimate } = plan;
  const lost = !probe.cluster.ok;
  const capacityOf = (application: string) => capacity.find((c) => c.application === application);
  const short = capacity.filter((c) => !c.fits);
  const targetsShort = targets.filter((t) => t.capacity && !t.capacity.fits);
  const targetsDown = targets.filter((t) => !t.probe.cluster.ok || !t.probe.storage.ok);
  const verb = [applications.length ? `Fail over ${applications.length} DR application(s)` : null, multiSite.length ? `re-scale ${multiSite.length} multi-site application(s)` : null].filter(Boolean).join(" and ");

  return (
    <div className="guard">
      <h1>
        Fail over every application in <span className="mono">{region.name}</span>
      </h1>
      <p className="lead">
        DR applications serving from {region.displayName} move to their other region, a run each, {concurrency} at a time per portal replica. Multi-site applications stop sending users there, and their other regions scale up to carry its share. Single-site applications there have nowhere to go.
      </p>
      {(short.length > 0 || targetsShort.length > 0 || targetsDown.length > 0) && (
        <Notice role="alert" data-testid="region-failover-warnings" title="Before you press:">
          <ul>
            {targetsDown.map((t) => (
              <li key={t.name}>{t.name} does not answer fully: what moves there waits, or stops, until it does.</li>
            ))}
            {targetsShort.flatMap((t) => t.capacity!.shortfalls.map((s) => <li key={s}>{s}</li>))}
            {short.length > 0 && <li>{short.length} application(s) do not fit in full where they go (below, with the numbers). Their runs stop at pre-flight, or their re-scale carries what fits.</li>}
          </ul>
        </Notice>
      )}
      <div className="grid">
        <Panel as="section" aria-label="Region health">
          <h2>{region.displayName}</h2>
          <p>
            <ProbeLabels probe={probe} />
          </p>
          {lost && <StatusText>{region.name} does not answer: choose forced mode. Each DR run then uses its application&apos;s last export.</StatusText>}
        </Panel>
        <Panel as="section" aria-label="Estimate">
          <h2>Estimated time</h2>
          <EstimatedTime
            {...estimate}
            basis={`${applications.length} DR application(s) in batches of ${concurrency}, about ${formatDuration(perRun.seconds * 1000)} each: ${perRun.basis}. Re-scaling multi-site applications runs beside them, seconds each.`}
            testId="region-estimate"
          />
        </Panel>
      </div>
      {targets.length > 0 && (
        <Panel as="section" aria-labelledby="targets-h">
          <h2 id="targets-h">Where the work goes</h2>
          <SimpleTable
            label="Target regions"
            testId="region-failover-targets"
            columns={[
              { key: "region", title: "Region" },
              { key: "health", title: "Health" },
              { key: "room", title: "Room for the volumes" },
            ]}
            rows={targets.map((target) => ({
              id: target.name,
              cells: {
                region: <span className="mono">{target.name}</span>,
                health: <ProbeLabels probe={target.probe} />,
                room: target.capacity ? (
                  target.capacity.cinder ? (
                    <span className={target.capacity.fits ? undefined : "error"}>
                      {target.capacity.volumes} volume(s), {target.capacity.gigabytes} GB moving in; Cinder {target.capacity.cinder.volumes.inUse}/{target.capacity.cinder.volumes.limit < 0 ? "∞" : target.capacity.cinder.volumes.limit} volumes, {target.capacity.cinder.gigabytes.inUse}/{target.capacity.cinder.gigabytes.limit < 0 ? "∞" : target.capacity.cinder.gigabytes.limit} GB in use
                    </span>
                  ) : (
                    <StatusText>{target.capacity.shortfalls[0]}</StatusText>
                  )
                ) : (
                  <span className="muted">no volumes move here</span>
                ),
              },
            }))}
          />
        </Panel>
      )}
      <Panel as="section" aria-labelledby="apps-h">
        <h2 id="apps-h">DR applications that will move ({applications.length})</h2>
        {applications.length === 0 ? (
          <EmptyNote>No ready DR application serves from {region.name}.</EmptyNote>
        ) : (
          <SimpleTable
            label="DR applications that will move"
            testId="region-failover-applications"
            columns={[
              { key: "application", title: "Application" },
              { key: "moves", title: "Moves" },
              { key: "pairing", title: "Pairing" },
              { key: "volumes", title: "Volumes" },
              { key: "room", title: "Room there" },
            ]}
            rows={applications.map((app) => {
              const room = capacityOf(app.name);
              return {
                id: app.name,
                testId: `region-failover-app-${app.name}`,
                cells: {
                  application: <span className="mono">{app.name}</span>,
                  moves: `${app.regions.nextMove === "FAILOVER" ? "failover" : "failback"}: ${app.activeNamespace} → ${app.standbyNamespace} in ${app.regions.standby.name}`,
                  pairing: (
                    <StatusLabel tone={pairingTone(app.pairing.state)} title={app.pairing.checkedAt ? `checked ${utcMinute(app.pairing.checkedAt)}` : undefined}>
                      {app.pairing.state ?? "not checked yet"}
                    </StatusLabel>
                  ),
                  volumes: room?.moves ? `${room.moves.volumes} volume(s), ${room.moves.gigabytes} GB${room.moves.from === "export" ? " (from the last export)" : ""}` : "not read",
                  room: room?.fits === false ? <StatusText>{room.shortfalls.join("; ")}</StatusText> : <StatusLabel tone="ok">fits</StatusLabel>,
                },
              };
            })}
          />
        )}
      </Panel>
      <Panel as="section" aria-labelledby="multi-h">
        <h2 id="multi-h">Multi-site applications carried by their other regions ({multiSite.length})</h2>
        {multiSite.length === 0 ? (
          <EmptyNote>No multi-site application to re-scale{alreadyCarried.length ? ` (already carried since an earlier failover of ${region.name}: ${alreadyCarried.join(", ")})` : ""}.</EmptyNote>
        ) : (
          <SimpleTable
            label="Multi-site applications carried by their other regions"
            testId="region-failover-multi-site"
            columns={[
              { key: "application", title: "Application" },
              { key: "carried", title: "What happens" },
              { key: "room", title: "Room there" },
            ]}
            rows={multiSite.map((app) => {
              const room = capacityOf(app.name);
              return {
                id: app.name,
                cells: {
                  application: <span className="mono">{app.name}</span>,
                  carried: `users only to ${app.others.join(", ")}, which scale up to carry its share`,
                  room: room?.fits === false ? <StatusText>{room.shortfalls.join(" ")}</StatusText> : <StatusLabel tone="ok">fits</StatusLabel>,
                },
              };
            })}
          />
        )}
      </Panel>
      {down.length > 0 && (
        <Panel as="section" aria-labelledby="down-h">
          <h2 id="down-h">Single-site applications down with {region.name} ({down.length})</h2>
          <p className="muted">They have no other region: nothing can move them. They come back with the region; tell their owners.</p>
          <ul data-testid="region-failover-down">
            {down.map((d) => (
              <li key={d.application}>
                <span className="mono">{d.application}</span> <span className="muted">({d.namespaces.join(", ")})</span>
              </li>
            ))}
          </ul>
        </Panel>
      )}
      <Panel as="section" danger aria-label="Confirm">
        <GuardForm target={{ kind: "REGION", region: region.name }} verb={`${verb || "Fail over"} out of ${region.displayName}`} forcedRecommended={lost} blocked={applications.length === 0 && multiSite.length === 0}
          consequence={`Every DR application serving from ${region.displayName} (${applications.length}) moves to its DR region, ${concurrency} at a time; each multi-site application's share there (${multiSite.length}) is started in its other regions; ${down.length} single-site application(s) stay down with the region.`}
        />
      </Panel>
    </div>
  );
}
