import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createApiToken, userOfToken } from "@/lib/api-tokens/api-tokens";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { BLOCK_SIZE, mcsLabelOfBlock, UID_BASE } from "@/lib/selinux/security-block";

export const DEMO_USERS: ReadonlyArray<{ email: string; name: string; role: Role; groups: string[] }> = [
  { email: "olivia.owner@continuum.demo", name: "Olivia Owner", role: "OWNER", groups: ["team-books"] },
  { email: "avery.approver@continuum.demo", name: "Avery Approver", role: "APPROVER", groups: ["platform-team"] },
  { email: "oscar.oncall@continuum.demo", name: "Oscar On-call", role: "ONCALL", groups: ["sre"] },
  { email: "ada.admin@continuum.demo", name: "Ada Admin", role: "ADMIN", groups: ["platform-team"] },
];

/**
 * Seeds the embedded default: one demo user per role. Safe to run at every start: it creates
 * what is missing and leaves what people changed (roles) alone. Regions come from syncRegions.
 */
export async function seedDemo(database: Db) {
  for (const user of DEMO_USERS) {
    await database.user.upsert({
      where: { email: user.email },
      create: { ...user, demo: true },
      update: {},
    });
  }
}

/**
 * The DR application the region simulator seeds on the embedded default (simulator/seed.ts):
 * `books`, running in europe-west with its database on a Cinder volume, its DR namespace in
 * europe-east. Registered in the portal so on-call has something to fail over from the start.
 */
export const DEMO_DR_APPLICATION = {
  name: "books",
  description: "Online bookshop: catalogue and orders, with its PostgreSQL on a Cinder volume.",
  ownerGroup: "team-books",
  costCenter: "CC-10420",
  block: 40,
  namespaces: [
    { name: "books-prod", role: "PROD", region: "europe-west" },
    { name: "books-dr", role: "DR", region: "europe-east" },
    { name: "books-dev", role: "DEV", region: "europe-east" },
    { name: "books-test", role: "TEST", region: "europe-east" },
  ],
} as const;

/** Registers the simulator's seeded DR application once; a no-op when it exists or the regions differ. */
export async function seedDemoApplication(database: Db) {
  const demo = DEMO_DR_APPLICATION;
  if (await database.application.findUnique({ where: { name: demo.name } })) return false;
  const regions = await database.region.findMany({ where: { name: { in: demo.namespaces.map((ns) => ns.region) } } });
  const owner = await database.user.findFirst({ where: { demo: true, role: "OWNER" } });
  const regionId = (name: string) => regions.find((r) => r.name === name)?.id;
  if (!owner || demo.namespaces.some((ns) => !regionId(ns.region))) return false;
  await database.$transaction(async (tx) => {
    const application = await tx.application.create({
      data: {
        name: demo.name,
        profile: "DR",
        description: demo.description,
        ownerGroup: demo.ownerGroup,
        costCenter: demo.costCenter,
        quotaSize: "SMALL",
        status: "READY",
        ownerId: owner.id,
        activeRegionId: regionId(demo.namespaces[0].region),
        namespaces: { create: demo.namespaces.map((ns) => ({ name: ns.name, role: ns.role, status: "CREATED", regionId: regionId(ns.region)! })) },
        securityBlock: { create: { mcs: mcsLabelOfBlock(demo.block), uidRangeStart: UID_BASE + demo.block * BLOCK_SIZE, uidRangeSize: BLOCK_SIZE } },
      },
    });
    await recordAuditEvent(tx, { action: "application.imported", actor: "system", target: { type: "application", id: application.id }, applicationId: application.id, after: { name: demo.name, from: "the region simulator's demo seed" } });
  });
  return true;
}

/**
 * One API token per demo user, written to `file` (mode 600) so the API can be tried at once.
 * Tokens in the file that still work are kept; the others are replaced.
 */
export async function ensureDemoTokens(database: Db, file: string): Promise<Record<string, string>> {
  const saved: Record<string, string> = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, string>) : {};
  const tokens: Record<string, string> = {};
  for (const demo of DEMO_USERS) {
    const user = await database.user.findUnique({ where: { email: demo.email } });
    if (!user) continue;
    const kept = saved[demo.email];
    const stillWorks = kept ? (await userOfToken(database, `Bearer ${kept}`))?.id === user.id : false;
    tokens[demo.email] = stillWorks ? kept! : (await createApiToken(database, user, "demo token (embedded default)")).token;
  }
  writeFileSync(file, JSON.stringify(tokens, null, 2) + "\n", { mode: 0o600 });
  return tokens;
}
