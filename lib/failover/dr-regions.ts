import type { NamespaceRole } from "@/lib/generated/prisma/client";

// Where a DR application lives: its primary region (the production namespace's), its DR region,
// and which one serves now. Failover goes from the primary to the DR region, failback back.

interface DrApplication {
  name: string;
  activeRegionId: string | null;
  namespaces: Array<{ role: NamespaceRole; regionId: string; region: { id: string; name: string } }>;
}

export interface DrRegions {
  primary: { id: string; name: string };
  dr: { id: string; name: string };
  active: { id: string; name: string };
  standby: { id: string; name: string };
  /** The move this application can make now: to its DR region, or back to its primary. */
  nextMove: "FAILOVER" | "FAILBACK";
}

export function drRegionsOf(application: DrApplication): DrRegions | null {
  const primary = application.namespaces.find((ns) => ns.role === "PROD")?.region;
  const dr = application.namespaces.find((ns) => ns.role === "DR")?.region;
  if (!primary || !dr) return null;
  const activeIsDr = application.activeRegionId === dr.id;
  return { primary, dr, active: activeIsDr ? dr : primary, standby: activeIsDr ? primary : dr, nextMove: activeIsDr ? "FAILBACK" : "FAILOVER" };
}

/** The namespace of an application that serves in a region: its production or its DR namespace. */
export function servingNamespaceIn(application: { namespaces: Array<{ name: string; role: NamespaceRole; regionId: string }> }, regionId: string): string | null {
  return application.namespaces.find((ns) => ns.regionId === regionId && (ns.role === "PROD" || ns.role === "DR"))?.name ?? null;
}
