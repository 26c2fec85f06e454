import type { Db } from "@/lib/db/client";
import { drRegionsOf, servingNamespaceIn } from "@/lib/failover/dr-regions";
import { exportNamespace } from "@/lib/failover/namespace-export";
import { UserFacingError } from "@/lib/errors";
import type { RegionClients } from "@/lib/regions/region-clients";
import { drSyncPlan } from "./sync-plan";

/** The active and the passive namespace of a ready DR application, by region. */
export async function drNamespacesOf(db: Db, applicationId: string) {
  const application = await db.application.findUniqueOrThrow({ where: { id: applicationId }, include: { namespaces: { include: { region: true } } } });
  const regions = application.profile === "DR" && application.status === "READY" ? drRegionsOf(application) : null;
  if (!regions) throw new UserFacingError(`${application.name} is not a ready DR application: only those have a passive namespace to keep in sync.`);
  const active = { region: regions.active.name, namespace: servingNamespaceIn(application, regions.active.id)! };
  const passive = { region: regions.standby.name, namespace: servingNamespaceIn(application, regions.standby.id)! };
  return { application, active, passive };
}

/** What differs between the two regions right now, read live from both clusters; changes nothing. */
export async function driftOf(db: Db, clients: RegionClients, applicationId: string) {
  const { application, active, passive } = await drNamespacesOf(db, applicationId);
  const [activeExport, passiveExport] = await Promise.all([
    exportNamespace(clients.cluster(active.region), active.namespace),
    exportNamespace(clients.cluster(passive.region), passive.namespace),
  ]);
  // The plan's drift and skipped lists are what the page and the API show; apply and remove are what a sync does.
  return { application, active, passive, checkedAt: new Date(), exports: { active: activeExport, passive: passiveExport }, ...drSyncPlan(activeExport, passiveExport) };
}
