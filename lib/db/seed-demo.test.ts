import { describe, expect, it } from "vitest";
import { createTestDatabase } from "@/tests/test-database";
import { DEMO_USERS, seedDemo } from "./seed-demo";

describe("seedDemo", () => {
  it("creates one demo user per role", async () => {
    const { db } = await createTestDatabase();
    await seedDemo(db);
    const users = await db.user.findMany({ where: { demo: true } });
    expect(users.map((u) => u.role).sort()).toEqual(["ADMIN", "APPROVER", "ONCALL", "OWNER"]);
  });

  it("keeps what people changed when it runs again at the next start", async () => {
    const { db } = await createTestDatabase();
    await seedDemo(db);
    const owner = DEMO_USERS.find((u) => u.role === "OWNER")!;
    await db.user.update({ where: { email: owner.email }, data: { role: "APPROVER" } });
    await seedDemo(db);
    expect((await db.user.findUniqueOrThrow({ where: { email: owner.email } })).role).toBe("APPROVER");
    expect(await db.user.count({ where: { demo: true } })).toBe(DEMO_USERS.length);
  });
});
