import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import type { Prisma } from "@/lib/generated/prisma/client";
import { enqueueJob, QUEUES } from "@/lib/jobs/job-queue";
import { planNamespaces, type Environment } from "@/lib/profiles/profiles";

type OrderToProvision = Prisma.OrderGetPayload<{ include: { regions: { include: { region: true } } } }>;

/**
 * In the approval's transaction: the application, its planned namespaces (pending) and the job
 * that creates them. The application exists from approval on, so its name is taken for good and
 * the provisioning job always has rows to work from.
 */
export async function startProvisioning(tx: Prisma.TransactionClient, order: OrderToProvision, approver: AuditActor & { requestId?: string }) {
  const regions = [...order.regions].sort((a, b) => a.position - b.position).map((r) => r.region);
  const regionIds = new Map(regions.map((r) => [r.name, r.id]));
  const plan = planNamespaces({ profile: order.profile, applicationName: order.applicationName, environments: order.environments as Environment[], regions: regions.map((r) => r.name) });
  const application = await tx.application.create({
    data: {
      name: order.applicationName,
      profile: order.profile,
      description: order.description,
      ownerGroup: order.ownerGroup,
      costCenter: order.costCenter,
      quotaSize: order.quotaSize,
      ownerId: order.requesterId,
      // Multi-site is active everywhere at once; the others serve from their first region.
      activeRegionId: order.profile === "MULTI_SITE" ? null : regions[0]!.id,
      namespaces: { create: plan.map((ns) => ({ name: ns.name, role: ns.role, regionId: regionIds.get(ns.region)! })) },
    },
  });
  await tx.order.update({ where: { id: order.id }, data: { applicationId: application.id } });
  await recordAuditEvent(tx, {
    action: "application.created",
    actor: approver,
    target: { type: "application", id: application.id },
    applicationId: application.id,
    after: { name: application.name, profile: application.profile, namespaces: plan.map((ns) => `${ns.region}/${ns.name}`) },
    requestId: approver.requestId,
  });
  await enqueueProvisioning(tx, application.id);
  return application;
}

export function enqueueProvisioning(tx: Prisma.TransactionClient, applicationId: string) {
  return enqueueJob(tx, QUEUES.provisionApplication, { applicationId }, { singletonKey: applicationId });
}
