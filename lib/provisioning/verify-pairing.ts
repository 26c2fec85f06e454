import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import { NotFoundError, UserFacingError } from "@/lib/errors";
import type { RegionClients } from "@/lib/regions/region-clients";
import { blockValuesOf, sccAnnotations, sccDrift } from "@/lib/selinux/security-block";
import { enqueueProvisioning } from "./start-provisioning";

export type PairingState = "paired" | "drift" | "missing" | "unreachable" | "pending";

export interface NamespacePairing {
  region: string;
  namespace: string;
  role: string;
  state: PairingState;
  drift: Array<{ annotation: string; wanted: string; actual: string | null }>;
  error?: string;
}

export interface PairingReport {
  checkedAt: string;
  block: { mcs: string; uidRange: string } | null;
  namespaces: NamespacePairing[];
  paired: boolean;
}

/** Reads the live SCC annotations of every namespace of the application, in every region, and compares them with its block. */
export async function verifyPairing(database: Db, clients: RegionClients, applicationId: string): Promise<PairingReport> {
  const application = await database.application.findUniqueOrThrow({ where: { id: applicationId }, include: { securityBlock: true, namespaces: { include: { region: true }, orderBy: [{ name: "asc" }] } } });
  const block = application.securityBlock ? blockValuesOf(application.securityBlock) : null;
  const namespaces = await Promise.all(
    application.namespaces
      .filter((ns) => ns.status !== "DELETED")
      .map(async (ns): Promise<NamespacePairing> => {
        const base = { region: ns.region.name, namespace: ns.name, role: ns.role.toLowerCase(), drift: [] };
        if (!block || ns.status === "PENDING") return { ...base, state: "pending" };
        try {
          const live = await clients.cluster(ns.region.name).getNamespace(ns.name);
          if (!live) return { ...base, state: "missing" };
          const drift = sccDrift(live.annotations, block);
          return { ...base, state: drift.length ? "drift" : "paired", drift };
        } catch (error) {
          return { ...base, state: "unreachable", error: (error as Error).message };
        }
      }),
  );
  return { checkedAt: new Date().toISOString(), block, namespaces, paired: namespaces.every((n) => n.state === "paired") };
}

/**
 * Puts the application's block back on every namespace that drifted, and has provisioning
 * recreate any that are missing. Returns the report after the repair.
 */
export async function repairPairing(database: Db, clients: RegionClients, applicationId: string, actor: AuditActor & { requestId?: string }) {
  const report = await verifyPairing(database, clients, applicationId);
  if (!report.block) throw new UserFacingError("This application has no security block yet; provisioning chooses it first.");
  const unreachable = report.namespaces.filter((n) => n.state === "unreachable");
  const drifted = report.namespaces.filter((n) => n.state === "drift");
  const missing = report.namespaces.filter((n) => n.state === "missing");
  for (const ns of drifted) await clients.cluster(ns.region).setNamespaceAnnotations(ns.namespace, sccAnnotations(report.block));
  await database.$transaction(async (tx) => {
    if (missing.length) {
      const regions = await tx.region.findMany({ where: { name: { in: missing.map((m) => m.region) } } });
      for (const ns of missing) {
        await tx.namespace.updateMany({ where: { applicationId, name: ns.namespace, regionId: regions.find((r) => r.name === ns.region)!.id }, data: { status: "PENDING", lastError: null } });
      }
      await tx.application.update({ where: { id: applicationId }, data: { status: "PROVISIONING" } });
      await enqueueProvisioning(tx, applicationId);
    }
    await recordAuditEvent(tx, {
      action: "application.pairing_repaired",
      actor,
      target: { type: "application", id: applicationId },
      applicationId,
      before: { drift: drifted.map((d) => ({ namespace: `${d.region}/${d.namespace}`, drift: d.drift })), missing: missing.map((m) => `${m.region}/${m.namespace}`) },
      after: { block: report.block },
      requestId: actor.requestId,
    });
  });
  const after = await verifyPairing(database, clients, applicationId);
  return { ...after, repaired: drifted.length, recreating: missing.length, unreachable: unreachable.length };
}

/** The platform team's retry: failed and missing namespaces go back to pending and the job runs again. */
export async function retryProvisioning(database: Db, applicationId: string, actor: AuditActor & { requestId?: string }) {
  return database.$transaction(async (tx) => {
    const application = await tx.application.findUnique({ where: { id: applicationId } });
    if (!application) throw new NotFoundError("That application no longer exists.");
    if (application.status === "READY") throw new UserFacingError(`${application.name} is already ready; nothing to retry. Use “verify pairing” to check its namespaces.`);
    if (application.status === "RETIRING" || application.status === "RETIRED") throw new UserFacingError(`${application.name} is being retired.`);
    await tx.namespace.updateMany({ where: { applicationId, status: "FAILED" }, data: { status: "PENDING" } });
    await tx.application.update({ where: { id: applicationId }, data: { status: "PROVISIONING" } });
    const job = await enqueueProvisioning(tx, applicationId);
    await recordAuditEvent(tx, { action: "application.provisioning_retried", actor, target: { type: "application", id: applicationId }, applicationId, before: { status: application.status }, after: { status: "PROVISIONING" }, requestId: actor.requestId });
    return { id: applicationId, queued: job !== null };
  });
}
