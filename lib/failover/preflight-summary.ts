import type { Db } from "@/lib/db/client";
import type { RunKind } from "@/lib/generated/prisma/client";
import { probeRegion, type RegionProbe } from "@/lib/regions/probe-region";
import type { RegionClients } from "@/lib/regions/region-clients";
import { blockValuesOf, sccDrift } from "@/lib/selinux/security-block";
import { drRegionsOf, servingNamespaceIn } from "./dr-regions";
import { checkRunCapacity, type CapacityCheck } from "./capacity";
import { boundVolumeOf, exportNamespace } from "./namespace-export";
import { latestExportOf } from "./run-context";
import { activeRunOf } from "./start-run";
import { whyUnfenced } from "./fence-regions";
import { estimateRunTime, runTimeSamples, type RunTimeEstimate } from "./run-time-estimate";

// What the guard shows before anyone presses the button: both regions' health, the target
// namespace's pairing, the volumes and their state, what will stop, and how long it should take.
// Read-only, live, and quick to answer even when a region is down.

export interface RegionHealth extends RegionProbe {
  name: string;
  displayName: string;
  namespace: string;
}

export interface PreflightSummary {
  application: string;
  kind: RunKind;
  from: RegionHealth;
  to: RegionHealth;
  pairing: { state: "identical" | "drift" | "missing" | "unknown"; detail: string };
  volumes: Array<{ claim: string; volumeId: string | null; size: number | null; status: string }> | null;
  willStop: Array<{ kind: string; name: string; replicas: number }> | null;
  estimate: RunTimeEstimate;
  forcedRecommended: boolean;
  lastExport: { at: string } | null;
  activeRun: { id: string; kind: RunKind; status: string } | null;
  /** Room in the target for what will move (its namespace quota, its Cinder project's); null when the target cannot be asked. */
  capacity: CapacityCheck | null;
  blockers: string[];
}

export async function preflightSummary(db: Db, clients: RegionClients, applicationName: string, kind: RunKind): Promise<PreflightSummary | null> {
  const application = await db.application.findUnique({ where: { name: applicationName }, include: { namespaces: { include: { region: true } }, securityBlock: true } });
  if (!application || application.profile !== "DR") return null;
  const regions = drRegionsOf(application);
  if (!regions) return null;
  // drRegionsOf found a PROD and a DR namespace, so both regions serve one.
  const fromNs = servingNamespaceIn(application, regions.active.id)!;
  const toNs = kind === "DRILL" ? `${application.name}-drill-…` : servingNamespaceIn(application, regions.standby.id)!;

  const health = async (region: { id: string; name: string }, namespace: string): Promise<RegionHealth> => {
    const displayName = application.namespaces.find((ns) => ns.regionId === region.id)!.region.displayName;
    return { name: region.name, displayName, namespace, ...(await probeRegion(clients, region.name)) };
  };
  const [from, to, activeRun, lastExport, samples] = await Promise.all([
    health(regions.active, fromNs),
    health(regions.standby, toNs),
    activeRunOf(db, application.id),
    db.applicationExport.findFirst({ where: { applicationId: application.id, regionId: regions.active.id }, orderBy: { createdAt: "desc" }, select: { createdAt: true } }),
    runTimeSamples(db, application.id, kind),
  ]);

  let pairing: PreflightSummary["pairing"] = { state: "unknown", detail: `${to.name} does not answer` };
  if (kind === "DRILL") pairing = { state: "identical", detail: "the drill namespace is created with the application's block" };
  else if (to.cluster.ok && application.securityBlock) {
    const live = await clients.cluster(to.name).getNamespace(toNs).catch(() => null);
    const drift = live ? sccDrift(live.annotations, blockValuesOf(application.securityBlock)) : null;
    pairing = !live ? { state: "missing", detail: `${toNs} does not exist in ${to.name}` } : drift!.length ? { state: "drift", detail: drift!.join("; ") } : { state: "identical", detail: `${toNs} carries ${application.securityBlock.mcs}` };
  }

  let volumes: PreflightSummary["volumes"] = null;
  let willStop: PreflightSummary["willStop"] = null;
  if (from.cluster.ok) {
    const cluster = clients.cluster(from.name);
    const [claims, workloads, cinder] = await Promise.all([
      cluster.listObjects("v1", "PersistentVolumeClaim", fromNs).catch(() => null),
      cluster.listWorkloads(fromNs).catch(() => null),
      from.storage.ok ? clients.blockStorage(from.name).listVolumes().catch(() => []) : Promise.resolve([]),
    ]);
    volumes = [];
    for (const claim of claims ?? []) {
      const { volumeId } = await boundVolumeOf(cluster, claim).catch(() => ({ volumeId: null }));
      const volume = cinder.find((v) => v.id === volumeId);
      volumes.push({ claim: claim.metadata.name, volumeId, size: volume?.size ?? null, status: volume ? `${volume.status}${volume.attachedTo.length ? ` (attached to ${volume.attachedTo.join(", ")})` : ""}` : volumeId ? "not found in the project" : "not a Cinder volume" });
    }
    willStop = kind === "DRILL" ? [] : (workloads ?? []).filter((w) => w.replicas > 0).map((w) => ({ kind: w.kind, name: w.name, replicas: w.replicas }));
  }

  // What will move, from the source live, or (source down) from its last export, against the target's quotas now.
  let capacity: CapacityCheck | null = null;
  if (to.cluster.ok && to.storage.ok) {
    const exported = from.cluster.ok
      ? await exportNamespace(clients.cluster(from.name), fromNs).catch(() => null)
      : await latestExportOf(db, application.id, regions.active.id, fromNs).catch(() => null);
    if (exported) capacity = await checkRunCapacity(exported, { region: to.name, namespace: toNs, cluster: clients.cluster(to.name), storage: clients.blockStorage(to.name) }, kind === "DRILL").catch(() => null);
  }

  const estimate = estimateRunTime(samples, { application: application.name, kind, volumes: volumes?.length ?? 1 });

  const blockers: string[] = [];
  if (kind === "FAILOVER" && regions.nextMove === "FAILBACK") blockers.push(`${application.name} already runs in its DR region, ${regions.dr.name}; fail it back instead.`);
  if (kind === "FAILBACK" && regions.nextMove === "FAILOVER") blockers.push(`${application.name} already runs in its primary region, ${regions.primary.name}; there is nothing to fail back.`);
  const unfenced = await whyUnfenced(db, application, `a ${kind === "DRILL" ? "drill" : kind.toLowerCase()}`);
  if (unfenced) blockers.push(unfenced);
  if (activeRun) blockers.push(`A ${activeRun.kind.toLowerCase()} of ${application.name} is already ${activeRun.status === "WAITING" ? "stopped at a failed step" : "in progress"}; finish or abort it first.`);
  if (!to.cluster.ok || !to.storage.ok) blockers.push(`${to.name} does not answer; nothing can move there now.`);
  if (pairing.state === "drift" || pairing.state === "missing") blockers.push(`The target namespace is not paired (${pairing.detail}); repair the pairing first.`);
  if (kind === "DRILL" && (!from.cluster.ok || !from.storage.ok)) blockers.push(`${from.name} does not answer; a drill copies from it, so it cannot run now.`);
  // Free capacity (dev and test to 0) cannot help here: a namespace's quota counts only its own pods, and Cinder counts volumes, which stay when pods stop.
  if (capacity && !capacity.fits) blockers.push(`Not enough room in ${to.name}: ${capacity.shortfalls.join("; ")}. Raise the quota there (or free what uses it) first; scaling dev and test to 0 would not help, as these quotas count only what this namespace and project hold.`);

  return {
    application: application.name,
    kind,
    from,
    to,
    pairing,
    volumes,
    willStop,
    estimate,
    forcedRecommended: kind !== "DRILL" && !from.cluster.ok,
    lastExport: lastExport ? { at: lastExport.createdAt.toISOString() } : null,
    activeRun: activeRun ? { id: activeRun.id, kind: activeRun.kind, status: activeRun.status } : null,
    capacity,
    blockers,
  };
}
