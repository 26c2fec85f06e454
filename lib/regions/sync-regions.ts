import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import type { RegionConfig } from "./region-config";

export function displayNameOf(region: string) {
  return region
    .split("-")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");
}

/**
 * Makes the regions table match the configured regions at start-up: adds new ones, refreshes
 * their API address and OpenStack project, and disables (never deletes: orders, namespaces and
 * runs point at them) those no longer configured. Display names edited in the portal stay.
 */
export async function syncRegions(database: Db, configs: RegionConfig[]) {
  const changes: string[] = [];
  await database.$transaction(async (tx) => {
    const existing = new Map((await tx.region.findMany()).map((r) => [r.name, r]));
    for (const config of configs) {
      const current = existing.get(config.name);
      // A region a person turned off stays off; one that was off only for missing from the configuration comes back.
      const wanted = { apiUrl: config.apiUrl, openstackProject: config.openstack.projectName, enabled: !current?.disabledReason };
      if (!current) {
        const created = await tx.region.create({ data: { name: config.name, displayName: displayNameOf(config.name), ...wanted } });
        await recordAuditEvent(tx, { action: "region.added", actor: "system", target: { type: "region", id: created.id }, after: wanted });
        changes.push(`added ${config.name}`);
      } else if (current.apiUrl !== wanted.apiUrl || current.openstackProject !== wanted.openstackProject || current.enabled !== wanted.enabled) {
        const before = { apiUrl: current.apiUrl, openstackProject: current.openstackProject, enabled: current.enabled };
        await tx.region.update({ where: { id: current.id }, data: wanted });
        await recordAuditEvent(tx, { action: "region.updated", actor: "system", target: { type: "region", id: current.id }, before, after: wanted });
        changes.push(`updated ${config.name}`);
      }
    }
    const configured = new Set(configs.map((c) => c.name));
    for (const region of existing.values()) {
      if (configured.has(region.name) || !region.enabled) continue;
      await tx.region.update({ where: { id: region.id }, data: { enabled: false } });
      await recordAuditEvent(tx, { action: "region.disabled", actor: "system", target: { type: "region", id: region.id }, before: { enabled: true }, after: { enabled: false } });
      changes.push(`disabled ${region.name} (no longer configured)`);
    }
  });
  return changes;
}
