import { beforeAll, describe, expect, it, vi } from "vitest";
import { actAs, sessionMock, signedIn, pointActionsAtDatabase } from "@/tests/act-as";
import { createTestDatabase, type TestDatabase } from "@/tests/test-database";
import { setUserRoleAction } from "./set-user-role";

vi.mock("@/lib/auth/session", async () => (await import("@/tests/act-as")).sessionMock());
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
void sessionMock;

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  pointActionsAtDatabase(t.url);
});

describe("setUserRoleAction", () => {
  it("refuses an application owner who calls it directly, and changes nothing", async () => {
    const target = await t.db.user.create({ data: { email: "someone@test.example", name: "Someone", role: "OWNER" } });
    await actAs(t.db, "OWNER");

    const result = await setUserRoleAction({ userId: target.id, role: "ADMIN" });

    expect(result).toEqual({ ok: false, code: "forbidden", error: expect.stringMatching(/^Only administrator can change roles\. You are signed in as owner@test\.example\.$/) });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe("OWNER");
    expect(await t.db.auditEvent.count({ where: { targetId: target.id } })).toBe(0);
  });

  it("refuses a caller who is not signed in", async () => {
    signedIn.user = null;
    const result = await setUserRoleAction({ userId: "whoever", role: "ADMIN" });
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/signed out/) });
  });

  it("lets an administrator change a role and records who did it", async () => {
    const target = await t.db.user.create({ data: { email: "promoted@test.example", name: "Promoted", role: "OWNER" } });
    const admin = await actAs(t.db, "ADMIN");

    const result = await setUserRoleAction({ userId: target.id, role: "ONCALL" });

    expect(result).toEqual({ ok: true, data: { id: target.id, role: "ONCALL" } });
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { targetId: target.id } });
    expect(event).toMatchObject({ action: "user.role_changed", actorId: admin.id, before: { role: "OWNER" }, after: { role: "ONCALL" } });
  });

  it("answers bad input with field errors", async () => {
    await actAs(t.db, "ADMIN");
    const result = await setUserRoleAction({ userId: "", role: "KING" as never });
    expect(result).toMatchObject({ ok: false, fieldErrors: { userId: ["Choose a user."], role: ["Choose one of the four roles."] } });
  });

  it("will not demote the last administrator", async () => {
    await t.db.user.updateMany({ where: { role: "ADMIN" }, data: { role: "OWNER" } });
    const admin = await actAs(t.db, "ADMIN", "last.admin@test.example");
    const result = await setUserRoleAction({ userId: admin.id, role: "OWNER" });
    expect(result).toMatchObject({ ok: false, error: "last.admin@test.example is the last administrator. Make someone else an administrator first." });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("ADMIN");
  });
});
