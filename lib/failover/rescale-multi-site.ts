import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { RunSettings } from "@/lib/config/run-settings";
import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { WORKLOAD_API_VERSION, WORKLOAD_KINDS, type KubeObject, type RegionCluster, type WorkloadKind } from "@/lib/platform/region-cluster";
import type { RegionClients } from "@/lib/regions/region-clients";
import { podUsageOf, quotasFrom } from "./capacity";
import { pointGlobalName, type TrafficMove } from "./move-traffic";
import { assumedLostShares, planRescale, type LostShare, type RescalePlan, type SurvivorNamespace } from "./rescale-plan";
import { waitUntil } from "./run-context";

// A multi-site application's part in a region failover, run as a job (any replica, retried by
// pg-boss): first its users stop going to the lost region (its routers out of the global name),
// then its production in the other regions is scaled up to carry the lost share within their
// quotas. When the region is back, a rebalance starts the region's share there again, waits until
// it is ready, puts its router back in the name and scales the others back to what they ran.
// Every part looks first at what is already there, so a retry finishes without doing it twice.

const prodNamespacesOf = (application: { namespaces: Array<{ role: string; status: string; name: string; region: { name: string } }> }) =>
  application.namespaces.filter((n) => n.role === "PROD" && n.status === "CREATED").map((n) => ({ region: n.region.name, namespace: n.name }));

/** A surviving region's production namespace from its objects: its workloads, what one more pod of each counts, its quotas. */
export function survivorFrom(region: string, namespace: string, objects: { workloads: KubeObject[]; limitRanges: KubeObject[]; quotas: KubeObject[] }): SurvivorNamespace {
  const workloads = objects.workloads.map((object) => ({
    kind: object.kind as WorkloadKind,
    name: object.metadata.name,
    replicas: (object.spec as { replicas?: number } | undefined)?.replicas ?? 1,
    podUsage: podUsageOf(object, objects.limitRanges),
  }));
  return { region, namespace, workloads, quotas: quotasFrom(objects.quotas) };
}

async function readSurvivor(cluster: RegionCluster, region: string, namespace: string): Promise<SurvivorNamespace> {
  const [limitRanges, quotas, ...workloads] = await Promise.all([
    cluster.listObjects("v1", "LimitRange", namespace),
    cluster.listObjects("v1", "ResourceQuota", namespace),
    ...WORKLOAD_KINDS.map((kind) => cluster.listObjects(WORKLOAD_API_VERSION[kind], kind, namespace)),
  ]);
  return survivorFrom(region, namespace, { workloads: workloads.flatMap((list) => list ?? []), limitRanges: limitRanges ?? [], quotas: quotas ?? [] });
}

type Loaded = NonNullable<Awaited<ReturnType<typeof load>>>;

const load = (db: Db, id: string) =>
  db.multiSiteRescale.findUnique({
    where: { id },
    include: { regionFailover: { include: { region: true } }, application: { include: { namespaces: { include: { region: true } } } } },
  });

/** Runs the rescale's job: carries the lost share, or puts it back when a rebalance was asked for. */
export async function rescaleMultiSite(db: Db, clients: RegionClients, rescaleId: string, settings: RunSettings, options: { finalAttempt?: boolean } = {}) {
  const row = await load(db, rescaleId);
  if (!row) return;
  const work = row.status === "REBALANCING" ? rebalance : row.status === "QUEUED" || row.status === "RUNNING" || row.status === "FAILED" ? carry : null;
  if (!work) return;
  try {
    await work(db, clients, row, settings);
  } catch (error) {
    const message = (error as Error).message;
    log.warn({ application: row.application.name, rescaleId, err: error }, "multi-site rescale did not finish; the job is retried");
    await db.multiSiteRescale.update({ where: { id: rescaleId }, data: { error: message, ...(options.finalAttempt && row.status !== "REBALANCING" ? { status: "FAILED" } : {}) } });
    throw error;
  }
}

async function carry(db: Db, clients: RegionClients, row: Loaded, settings: RunSettings) {
  const lostRegion = row.regionFailover.region.name;
  const application = row.application;
  const prod = prodNamespacesOf(application);
  const lostNamespace = prod.find((p) => p.region === lostRegion)?.namespace ?? `${application.name}-prod`;
  await db.multiSiteRescale.update({ where: { id: row.id }, data: { status: "RUNNING" } });

  let plan = row.plan as RescalePlan | null;
  let shortfalls = row.shortfalls as string[];
  if (!plan) {
    // Only the regions that answer now carry the share and keep users.
    const survivors: SurvivorNamespace[] = [];
    const notes: string[] = [];
    for (const { region, namespace } of prod.filter((p) => p.region !== lostRegion)) {
      try {
        survivors.push(await readSurvivor(clients.cluster(region), region, namespace));
      } catch (error) {
        notes.push(`${region} does not answer either (${(error as Error).message}): it carries nothing and is left out of the name.`);
      }
    }
    if (survivors.length === 0) throw new Error(`No other region of ${application.name} answers; nothing can carry ${lostRegion}'s share yet.`);
    const lost = await lostShares(clients.cluster(lostRegion), lostNamespace, survivors);
    const planned = planRescale(lostRegion, lostNamespace, survivors, lost);
    plan = planned.plan;
    shortfalls = [...notes, ...planned.shortfalls];
    await db.multiSiteRescale.update({ where: { id: row.id }, data: { plan: plan as unknown as Prisma.InputJsonValue, shortfalls } });
  }

  // Users first: a browser sent to the lost region gets nothing at all.
  const traffic = clients.traffic ? await pointGlobalName(clients.traffic, { settings, signal: AbortSignal.timeout(settings.waitTimeoutMs * 2) }, application.name, plan.survivors) : null;
  for (const item of plan.items) {
    const live = await clients.cluster(item.region).getWorkload(item.namespace, item.kind, item.name);
    if (live && live.replicas !== item.to && item.to !== item.from) await clients.cluster(item.region).scaleWorkload(item.namespace, item.kind, item.name, item.to);
  }
  const status = shortfalls.length ? "PARTIAL" : "DONE";
  await db.$transaction(async (tx) => {
    await tx.multiSiteRescale.update({ where: { id: row.id }, data: { status, traffic: (traffic ?? undefined) as Prisma.InputJsonValue | undefined, error: null, finishedAt: new Date() } });
    await recordAuditEvent(tx, {
      action: "application.rescaled",
      actor: "system",
      target: { type: "application", id: application.id },
      applicationId: application.id,
      before: { regions: prod.map((p) => p.region), replicas: plan.items.map((i) => ({ region: i.region, name: i.name, replicas: i.from })) },
      after: { lostRegion, regions: plan.survivors, replicas: plan.items.map((i) => ({ region: i.region, name: i.name, replicas: i.to })), shortfalls, regionFailoverId: row.regionFailoverId },
    });
  });
}

/** The lost region's replica counts: read if it still answers, else assumed from the others. */
async function lostShares(cluster: RegionCluster, namespace: string, survivors: SurvivorNamespace[]): Promise<LostShare[]> {
  try {
    const live = await cluster.listWorkloads(namespace);
    return live.map((w) => ({ kind: w.kind, name: w.name, replicas: w.replicas, assumed: false }));
  } catch {
    return assumedLostShares(survivors);
  }
}

async function rebalance(db: Db, clients: RegionClients, row: Loaded, settings: RunSettings) {
  const plan = row.plan as RescalePlan | null;
  const application = row.application;
  const notes: string[] = [];
  const ctx = { settings, signal: AbortSignal.timeout(settings.waitTimeoutMs * 2) };
  let traffic: TrafficMove | null = null;
  if (plan) {
    // The region's share first, ready, so the application never runs on fewer replicas than before.
    const back = clients.cluster(plan.lostRegion);
    const wanted = plan.lost.filter((share) => share.replicas > 0);
    for (const share of wanted) {
      const live = await back.getWorkload(plan.lostNamespace, share.kind, share.name);
      if (!live) notes.push(`${share.kind} ${share.name} is missing in ${plan.lostRegion}/${plan.lostNamespace}: not started there.`);
      else if (live.replicas < share.replicas) await back.scaleWorkload(plan.lostNamespace, share.kind, share.name, share.replicas);
    }
    await waitUntil(ctx, `${application.name}'s workloads in ${plan.lostRegion}/${plan.lostNamespace} to be ready`, async () => {
      const live = await back.listWorkloads(plan.lostNamespace);
      const behind = wanted.filter((share) => {
        const workload = live.find((w) => w.kind === share.kind && w.name === share.name);
        return workload && (workload.readyReplicas ?? 0) < share.replicas;
      });
      return behind.length === 0 ? { done: true, value: null } : { done: false, seen: behind.map((s) => `${s.name} not ready`).join(", ") };
    });
    if (clients.traffic) traffic = await pointGlobalName(clients.traffic, ctx, application.name, [...plan.survivors, plan.lostRegion].sort());
    for (const item of plan.items) {
      const live = await clients.cluster(item.region).getWorkload(item.namespace, item.kind, item.name);
      if (!live || live.replicas === item.from) continue;
      // Someone changed it since the failover: theirs, not ours, to put back.
      if (live.replicas !== item.to) notes.push(`${item.kind} ${item.name} in ${item.region} runs ${live.replicas}, not the ${item.to} the failover set: left as it is.`);
      else await clients.cluster(item.region).scaleWorkload(item.namespace, item.kind, item.name, item.from);
    }
  }
  await db.$transaction(async (tx) => {
    await tx.multiSiteRescale.update({ where: { id: row.id }, data: { status: "REBALANCED", rebalancedAt: new Date(), error: null, traffic: (traffic ?? undefined) as Prisma.InputJsonValue | undefined, shortfalls: [...(row.shortfalls as string[]), ...notes] } });
    await recordAuditEvent(tx, {
      action: "application.rebalanced",
      actor: "system",
      target: { type: "application", id: application.id },
      applicationId: application.id,
      after: { region: row.regionFailover.region.name, replicas: plan?.items.map((i) => ({ region: i.region, name: i.name, replicas: i.from })) ?? [], notes, regionFailoverId: row.regionFailoverId },
    });
  });
}
