import { describe, expect, it } from "vitest";
import { createTestDatabase } from "@/tests/test-database";
import { signInOidcUser } from "./sign-in-oidc-user";

const { db } = await createTestDatabase();

describe("signInOidcUser", () => {
  it("creates a first-time user as an application owner when no group grants a role", async () => {
    const user = await signInOidcUser(db, { email: "new@corp.example", name: "New Person", groups: ["everyone"] }, []);
    expect(user.role).toBe("OWNER");
    expect(await db.auditEvent.findFirst({ where: { targetId: user.id } })).toMatchObject({ action: "user.created", actorLabel: "system" });
  });

  it("gives the highest role any of the user's groups grants, and follows the identity provider when groups change", async () => {
    const map = [
      { group: "platform-team", role: "APPROVER" as const },
      { group: "sre", role: "ONCALL" as const },
    ];
    const both = await signInOidcUser(db, { email: "sam@corp.example", name: "Sam", groups: ["platform-team", "sre"] }, map);
    expect(both.role).toBe("ONCALL");
    const left = await signInOidcUser(db, { email: "sam@corp.example", name: "Sam", groups: ["platform-team"] }, map);
    expect(left.role).toBe("APPROVER");
    const events = await db.auditEvent.findMany({ where: { targetId: both.id }, orderBy: { at: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["user.created", "user.role_changed"]);
  });

  it("keeps a role an administrator gave in the portal when no group map is configured", async () => {
    const first = await signInOidcUser(db, { email: "kim@corp.example", name: "Kim", groups: [] }, []);
    await db.user.update({ where: { id: first.id }, data: { role: "APPROVER" } });
    const again = await signInOidcUser(db, { email: "kim@corp.example", name: "Kim K.", groups: [] }, []);
    expect(again).toMatchObject({ role: "APPROVER", name: "Kim K." });
  });
});
