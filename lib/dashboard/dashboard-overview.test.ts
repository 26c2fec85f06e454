import { describe, expect, it } from "vitest";
import { createTestDatabase } from "@/tests/test-database";
import { dashboardOverview } from "./dashboard-overview";

describe("the dashboard overview", () => {
  it("puts each application where it serves from, by profile, and a DR application's standby in its other region", async () => {
    const { db } = await createTestDatabase();
    const owner = await db.user.create({ data: { email: "o@test.example", name: "O", role: "OWNER" } });
    const [west, east] = await Promise.all(["europe-west", "europe-east"].map((name) => db.region.create({ data: { name, displayName: name, apiUrl: `https://${name}`, openstackProject: name } })));
    const app = (name: string, profile: "DR" | "MULTI_SITE" | "SINGLE_SITE", activeRegionId: string | null, namespaces: Array<{ regionId: string; role: "PROD" | "DR" }>) =>
      db.application.create({
        data: { name, profile, description: "d", ownerGroup: "g", costCenter: "CC-1", quotaSize: "SMALL", ownerId: owner.id, status: "READY", activeRegionId, namespaces: { create: namespaces.map((ns) => ({ ...ns, name: `${name}-${ns.role.toLowerCase()}`, status: "CREATED" })) } },
      });
    await app("books", "DR", east!.id, [{ regionId: west!.id, role: "PROD" }, { regionId: east!.id, role: "DR" }]);
    await app("catalog", "MULTI_SITE", null, [{ regionId: west!.id, role: "PROD" }, { regionId: east!.id, role: "PROD" }]);
    await app("notes", "SINGLE_SITE", west!.id, [{ regionId: west!.id, role: "PROD" }]);

    const { regions } = await dashboardOverview(db);
    const byName = Object.fromEntries(regions.map((r) => [r.name, r]));
    expect(byName["europe-east"]).toMatchObject({ serving: { DR: ["books"], MULTI_SITE: ["catalog"], SINGLE_SITE: [] }, standby: [] });
    expect(byName["europe-west"]).toMatchObject({ serving: { DR: [], MULTI_SITE: ["catalog"], SINGLE_SITE: ["notes"] }, standby: ["books"] });
  });
});
