import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/enums";

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
