import type { Db } from "@/lib/db/client";
import type { NamespaceInfo } from "@/lib/platform/region-cluster";
import type { RegionClients } from "@/lib/regions/region-clients";
import { LABELS } from "./labels";
import { blockValuesOf, sccDrift } from "@/lib/selinux/security-block";

// The pairing of every ready application, checked in the background from one namespace list per
// region (not one call per namespace), so the dashboard can show it for all of them at once.

const WORST_FIRST = ["missing", "drift", "unreachable", "paired"] as const;
export type RecordedPairing = (typeof WORST_FIRST)[number];

export async function recordPairingStates(db: Db, clients: RegionClients) {
  const regions = await db.region.findMany({ where: { enabled: true } });
  const live = new Map<string, Map<string, NamespaceInfo> | null>();
  await Promise.all(
    regions.map(async (region) => {
      const namespaces = await clients.cluster(region.name).listNamespaces(`${LABELS.managedBy}=continuum`).catch(() => null);
      live.set(region.id, namespaces && new Map(namespaces.map((ns) => [ns.name, ns])));
    }),
  );
  const applications = await db.application.findMany({ where: { status: "READY" }, include: { securityBlock: true, namespaces: { where: { status: "CREATED" } } } });
  // One write per state, not one per application: every replica runs this every 30 seconds.
  const byState = new Map<RecordedPairing, string[]>();
  for (const application of applications) {
    if (!application.securityBlock) continue;
    const block = blockValuesOf(application.securityBlock);
    const states = application.namespaces.map((ns): RecordedPairing => {
      const inRegion = live.get(ns.regionId);
      if (!inRegion) return "unreachable";
      const found = inRegion.get(ns.name);
      if (!found) return "missing";
      return sccDrift(found.annotations, block).length ? "drift" : "paired";
    });
    const state = WORST_FIRST.find((s) => states.includes(s)) ?? "paired";
    byState.set(state, [...(byState.get(state) ?? []), application.id]);
  }
  const checkedAt = new Date();
  for (const [state, ids] of byState) await db.application.updateMany({ where: { id: { in: ids } }, data: { pairingState: state, pairingCheckedAt: checkedAt } });
}
