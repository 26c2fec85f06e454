import { describe, expect, it } from "vitest";
import { DEFAULT_COST_MODEL } from "@/lib/pricing/cost-model";
import { createTestDatabase } from "@/tests/test-database";
import { costCsv, costLines, totalsBy } from "./cost-totals";

describe("cost totals", () => {
  it("sum the namespaces that exist by cost center and by region, and export one CSV line per namespace", async () => {
    const { db } = await createTestDatabase();
    const owner = await db.user.create({ data: { email: "o@test.example", name: "O", role: "OWNER" } });
    const [west, east] = await Promise.all(["europe-west", "europe-east"].map((name) => db.region.create({ data: { name, displayName: name, apiUrl: `https://${name}`, openstackProject: name } })));
    const app = (name: string, costCenter: string, profile: "DR" | "SINGLE_SITE", namespaces: Array<{ regionId: string; role: "PROD" | "DR"; status?: "CREATED" | "DELETED" }>) =>
      db.application.create({ data: { name, profile, description: "d", ownerGroup: "g", costCenter, quotaSize: "SMALL", ownerId: owner.id, status: "READY", namespaces: { create: namespaces.map((ns, i) => ({ name: `${name}-${i}`, role: ns.role, regionId: ns.regionId, status: ns.status ?? "CREATED" })) } } });
    await app("books", "CC-1", "DR", [{ regionId: west!.id, role: "PROD" }, { regionId: east!.id, role: "DR" }]);
    await app("notes", "=HYPERLINK(1)", "SINGLE_SITE", [{ regionId: west!.id, role: "PROD" }, { regionId: west!.id, role: "PROD", status: "DELETED" }]);

    const lines = await costLines(db, DEFAULT_COST_MODEL);
    // DR pays 1.15 × 120 per namespace; single-site 120; deleted namespaces cost nothing.
    expect(totalsBy(lines, "costCenter")).toEqual([
      { name: "CC-1", monthly: 276, applications: 1, namespaces: 2 },
      { name: "=HYPERLINK(1)", monthly: 120, applications: 1, namespaces: 1 },
    ]);
    expect(totalsBy(lines, "region")).toEqual([
      { name: "europe-west", monthly: 258, applications: 2, namespaces: 2 },
      { name: "europe-east", monthly: 138, applications: 1, namespaces: 1 },
    ]);
    const csv = costCsv(lines, "EUR").split("\r\n");
    expect(csv[0]).toBe("cost_center,application,profile,region,namespace,monthly_eur");
    expect(csv).toContain(`"'=HYPERLINK(1)",notes,SINGLE_SITE,europe-west,notes-0,120`);
    expect(csv.filter(Boolean)).toHaveLength(4);
  });
});
