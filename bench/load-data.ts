import type { Db } from "@/lib/db/client";
import { FAILOVER_STEPS, DRILL_STEPS } from "@/lib/failover/step-registry";

// A large organisation's history for the load benchmark, written straight into the tables:
// applications of every profile spread over the regions, their namespaces and orders, and runs
// (failovers, failbacks, drills) with their steps, as years of drills would leave them.

export async function seedLargeOrganisation(db: Db, { applications, runs }: { applications: number; runs: number }) {
  const regions = await db.region.findMany({ orderBy: { name: "asc" } });
  const [west, east] = [regions.find((r) => r.name === "europe-west")!, regions.find((r) => r.name === "europe-east")!];
  const owner = await db.user.upsert({ where: { email: "load-owner@bench.example" }, create: { email: "load-owner@bench.example", name: "Load Owner", role: "OWNER" }, update: {} });
  const oncall = await db.user.upsert({ where: { email: "load-oncall@bench.example" }, create: { email: "load-oncall@bench.example", name: "Load Oncall", role: "ONCALL" }, update: {} });
  const profiles = ["DR", "DR", "MULTI_SITE", "SINGLE_SITE"] as const;
  const apps = Array.from({ length: applications }, (_, i) => {
    const profile = profiles[i % profiles.length]!;
    return { id: `load-app-${i}`, name: `load-${String(i).padStart(4, "0")}`, profile, home: i % 3 === 0 ? east : west, other: i % 3 === 0 ? west : east };
  });
  await chunked(apps, (chunk) =>
    db.application.createMany({
      data: chunk.map((a) => ({ id: a.id, name: a.name, profile: a.profile, description: "Load benchmark application", ownerGroup: "team-load", costCenter: `CC-${10000 + (Number(a.id.split("-")[2]) % 40)}`, quotaSize: "SMALL", status: "READY", ownerId: owner.id, activeRegionId: a.home.id, pairingState: a.profile === "DR" ? "paired" : null })),
    }),
  );
  const namespaces = apps.flatMap((a) =>
    a.profile === "SINGLE_SITE"
      ? [{ name: `${a.name}-prod`, role: "PROD" as const, regionId: a.home.id, applicationId: a.id }]
      : a.profile === "MULTI_SITE"
        ? [a.home, a.other].map((r) => ({ name: `${a.name}-prod`, role: "PROD" as const, regionId: r.id, applicationId: a.id }))
        : [
            { name: `${a.name}-prod`, role: "PROD" as const, regionId: a.home.id, applicationId: a.id },
            { name: `${a.name}-dr`, role: "DR" as const, regionId: a.other.id, applicationId: a.id },
            { name: `${a.name}-test`, role: "TEST" as const, regionId: a.other.id, applicationId: a.id },
          ],
  );
  await chunked(namespaces, (chunk) => db.namespace.createMany({ data: chunk.map((n) => ({ ...n, status: "CREATED" as const })) }));
  await chunked(apps, (chunk) =>
    db.order.createMany({
      data: chunk.map((a, i) => ({ profile: a.profile, applicationName: a.name, description: "Load benchmark application", ownerGroup: "team-load", environments: ["prod"], quotaSize: "SMALL" as const, costCenter: "CC-10000", justification: "Load benchmark of the portal's list pages and API.", estimatedMonthlyCost: 400, status: i % 20 === 0 ? ("SUBMITTED" as const) : ("READY" as const), requesterId: owner.id, applicationId: a.id })),
    }),
  );

  const drApps = apps.filter((a) => a.profile === "DR");
  const day = 24 * 3600 * 1000;
  const started = Date.now() - runs * 0.05 * day;
  const runRows = Array.from({ length: runs }, (_, i) => {
    const app = drApps[i % drApps.length]!;
    const kind = i % 4 === 0 ? "FAILOVER" : i % 4 === 1 ? "FAILBACK" : "DRILL";
    const createdAt = new Date(started + i * 0.05 * day);
    const rto = 40 + (i % 37);
    return { id: `load-run-${i}`, kind: kind as "FAILOVER" | "FAILBACK" | "DRILL", status: (i % 25 === 0 ? "WAITING" : "SUCCEEDED") as "WAITING" | "SUCCEEDED", reason: `load benchmark run ${i}`, applicationId: app.id, fromRegionId: kind === "FAILBACK" ? app.other.id : app.home.id, toRegionId: kind === "FAILBACK" ? app.home.id : app.other.id, startedById: oncall.id, createdAt, startedAt: createdAt, finishedAt: new Date(createdAt.getTime() + rto * 1000), rtoSeconds: i % 25 === 0 ? null : rto };
  });
  await chunked(runRows, (chunk) => db.failoverRun.createMany({ data: chunk }));
  const stepRows = runRows.flatMap((run) =>
    (run.kind === "DRILL" ? DRILL_STEPS : FAILOVER_STEPS).map((name, position) => ({ runId: run.id, name, position, status: "SUCCEEDED" as const, attempts: 1, startedAt: run.startedAt, finishedAt: run.finishedAt })),
  );
  await chunked(stepRows, (chunk) => db.runStep.createMany({ data: chunk }));
  return { applications: apps.length, namespaces: namespaces.length, runs: runRows.length, steps: stepRows.length };
}

async function chunked<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>, size = 5000) {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}
