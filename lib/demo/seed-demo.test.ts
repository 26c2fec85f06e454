import { describe, expect, it } from "vitest";
import { createTestDatabase } from "@/tests/test-database";
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { userOfToken } from "@/lib/api-tokens/api-tokens";
import { DEMO_DR_APPLICATION, DEMO_USERS, ensureDemoTokens, seedDemo, seedDemoApplication } from "./seed-demo";

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

  it("registers the simulator's DR application once, ready and active in its primary region", async () => {
    const { db } = await createTestDatabase();
    await seedDemo(db);
    for (const name of ["europe-west", "europe-east"]) await db.region.create({ data: { name, displayName: name, apiUrl: `https://${name}`, openstackProject: name } });
    expect(await seedDemoApplication(db)).toBe(true);
    expect(await seedDemoApplication(db)).toBe(false);
    const books = await db.application.findUniqueOrThrow({ where: { name: DEMO_DR_APPLICATION.name }, include: { namespaces: true, activeRegion: true, securityBlock: true } });
    expect(books).toMatchObject({ profile: "DR", status: "READY", activeRegion: { name: "europe-west" } });
    expect(books.namespaces.map((ns) => ns.name).sort()).toEqual(["books-dev", "books-dr", "books-prod", "books-test"]);
    expect(books.securityBlock).not.toBeNull();
  });

  it("gives each demo user a working API token, written to a file, and keeps it across restarts", async () => {
    const { db } = await createTestDatabase();
    await seedDemo(db);
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), "demo-tokens-")), "demo-tokens.json");
    const first = await ensureDemoTokens(db, file);
    expect(Object.keys(first).sort()).toEqual(DEMO_USERS.map((u) => u.email).sort());
    for (const [email, token] of Object.entries(first)) expect((await userOfToken(db, `Bearer ${token}`))?.email).toBe(email);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual(first);
    expect(await ensureDemoTokens(db, file)).toEqual(first);
    expect(await db.apiToken.count()).toBe(DEMO_USERS.length);
  });
});
