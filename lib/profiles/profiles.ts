// The profiles an application can be ordered with, and the namespaces each one plans. Client-safe:
// the order form, the approver's view and the provisioning all read the same table.

export const PROFILES = ["SINGLE_SITE", "MULTI_SITE", "DR"] as const;
export type ProfileName = (typeof PROFILES)[number];
export const ENVIRONMENTS = ["dev", "test", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const PROFILE_INFO: Record<ProfileName, { label: string; summary: string; protects: string; aims: string; regions: string }> = {
  SINGLE_SITE: {
    label: "Single-site",
    summary: "Your namespaces in one region. The cheapest; nothing is copied anywhere.",
    protects: "Protects against a failed node or pod, not against losing the region.",
    aims: "RPO: last backup · RTO: rebuild from backup (hours to days)",
    regions: "one region",
  },
  MULTI_SITE: {
    label: "Multi-site",
    summary: "Production runs active/active in two or more regions (three recommended for quorum); losing one means the others scale up.",
    protects: "Protects against losing a whole region, for stateless or self-replicating applications.",
    aims: "RPO: zero for replicated data · RTO: minutes (the others are already serving)",
    regions: "two or more regions",
  },
  DR: {
    label: "DR (active/passive)",
    summary: "Production in a primary region and a passive DR namespace in another, with paired security settings, so on-call can fail over with one guarded button. Dev and test live in the DR region.",
    protects: "Protects against losing the primary region, including its block storage.",
    aims: "RPO: the last write before the volume moves · RTO: minutes, measured at every drill",
    regions: "a primary and a DR region",
  },
};

export type NamespaceRoleName = "PROD" | "DR" | "DEV" | "TEST";

export interface PlannedNamespace {
  region: string;
  name: string;
  role: NamespaceRoleName;
}

/**
 * The namespaces an order produces, by profile:
 * single-site: the ordered environments in its region; multi-site: prod in every region plus
 * dev/test in the first; DR: prod in the primary, and dr plus dev/test in the DR region, so the
 * DR region's capacity is in use every day.
 */
export function planNamespaces(order: { profile: ProfileName; applicationName: string; environments: readonly Environment[]; regions: readonly string[] }): PlannedNamespace[] {
  const app = order.applicationName;
  const ns = (region: string, role: NamespaceRoleName): PlannedNamespace => ({ region, name: `${app}-${role.toLowerCase()}`, role });
  const nonProd = ENVIRONMENTS.filter((e) => e !== "prod" && order.environments.includes(e)).map((e) => e.toUpperCase() as NamespaceRoleName);
  const [first, second] = order.regions as [string, string | undefined];
  switch (order.profile) {
    case "SINGLE_SITE":
      return ENVIRONMENTS.filter((e) => order.environments.includes(e)).map((e) => ns(first, e.toUpperCase() as NamespaceRoleName));
    case "MULTI_SITE":
      return [...order.regions.map((r) => ns(r, "PROD")), ...nonProd.map((role) => ns(first, role))];
    case "DR":
      return [ns(first, "PROD"), ns(second!, "DR"), ...nonProd.map((role) => ns(second!, role))];
  }
}
