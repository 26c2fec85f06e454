import type { Db } from "@/lib/db/client";
import { refreshDrStates } from "@/lib/failover/dr-state";
import { fenceReturnedRegions } from "@/lib/failover/fence-regions";
import { recordPairingStates } from "@/lib/provisioning/record-pairing-states";
import { checkRegionHealth } from "@/lib/regions/check-region-health";
import type { RegionClients } from "@/lib/regions/region-clients";

/**
 * One health tick (a pg-boss job, once per interval across all replicas): every region probed,
 * then every region a forced run left fenced if it answers again, before the pairing check or
 * anything else looks at it, then the pairing and the applications' DR states.
 */
export async function regionHealthTick(db: Db, clients: RegionClients) {
  await checkRegionHealth(db, clients);
  await fenceReturnedRegions(db, clients);
  await recordPairingStates(db, clients);
  await refreshDrStates(db);
}
