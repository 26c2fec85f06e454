import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { submitOrderAction } from "@/lib/actions/orders/submit-order";
import { createApiToken } from "@/lib/api-tokens/api-tokens";
import { submitOrderRoute } from "@/lib/api/api-v1";
import { refuseUnreadableInput } from "@/lib/errors";
import { currentOrderSchema } from "@/lib/orders/order-rule-settings";
import { actAs, pointActionsAtDatabase } from "@/tests/act-as";
import { anOrder } from "@/tests/orders";
import { createTestDatabase, type TestDatabase } from "@/tests/test-database";

// Thousands of generated orders, each broken in at least one field, thrown at the order form's
// server action and at POST /api/v1/orders: the answer is always a validation error naming
// what is wrong (never "something went wrong", never a 500), and nothing is stored.

vi.mock("@/lib/auth/session", async () => (await import("@/tests/act-as")).sessionMock());
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const RUNS = Number(process.env.CONTINUUM_FUZZ_RUNS || 1500);
let t: TestDatabase;
let token: string;

beforeAll(async () => {
  t = await createTestDatabase();
  pointActionsAtDatabase(t.url);
  // Orders only name regions; no cluster is called while an order is submitted.
  await t.db.region.createMany({ data: ["europe-west", "europe-east"].map((name) => ({ name, displayName: name, apiUrl: "https://unused.invalid", openstackProject: name })) });
  token = (await createApiToken(t.db, await actAs(t.db, "OWNER", "fuzzer@test.example"), "fuzz")).token;
});

const FIELDS = ["profile", "applicationName", "description", "ownerGroup", "environments", "regions", "quotaSize", "costCenter", "justification"] as const;

/** Values that are wrong in kind or shape, hostile text, and near misses of valid ones. */
const hostileValue = fc.oneof(
  fc.anything({ withObjectString: true, withNullPrototype: true, withBigInt: false, maxDepth: 3 }),
  fc.string({ unit: "grapheme", maxLength: 80 }),
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.constantFrom("", " ", "<script>alert(1)</script>", "'; DROP TABLE \"Order\"; --", "=HYPERLINK(\"http://evil\")", "../../etc/passwd", "\u0000", "a".repeat(5000), "BOOKS", "books--shop", "-books", "europe-north", "__proto__", "constructor"),
  fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.constantFrom("dev", "prod", "europe-west", "europe-west")), { maxLength: 6 }),
);

/** A valid order with one to three fields replaced by hostile values, and perhaps extra keys. */
const brokenOrder = fc
  .record({
    broken: fc.uniqueArray(fc.constantFrom(...FIELDS), { minLength: 1, maxLength: 3 }),
    values: fc.array(hostileValue, { minLength: 3, maxLength: 3 }),
    extra: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
    profile: fc.constantFrom("SINGLE_SITE", "MULTI_SITE", "DR"),
  })
  .map(({ broken, values, extra, profile }) => {
    const base: Record<string, unknown> = { ...anOrder(), profile, regions: profile === "SINGLE_SITE" ? ["europe-west"] : ["europe-west", "europe-east"] };
    const order: Record<string, unknown> = { ...extra, ...base };
    broken.forEach((field, i) => (order[field] = values[i]));
    return { order, broken };
  });

/** Whether the boundary refuses the order: what no form or JSON could carry, then the schema. */
async function refusedAtTheBoundary(order: unknown) {
  return refuseUnreadableInput(order) !== null || !(await currentOrderSchema(t.db)).safeParse(order).success;
}

describe("generated bad orders", () => {
  it(`the order form's action answers ${RUNS} of them with validation errors only, and stores nothing`, async () => {
    await actAs(t.db, "OWNER", "fuzzer@test.example");
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(brokenOrder, async ({ order }) => {
        // A hostile value can happen to be valid (a plain word as a description): not a bad order then.
        fc.pre(await refusedAtTheBoundary(order));
        checked++;
        const result = await submitOrderAction(order as never);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error).not.toMatch(/went wrong on our side/);
        // It says which field: a field error, or the form-level sentence of a profile rule.
        expect(Object.keys(result.fieldErrors ?? {}).length + (result.error === "Some fields need attention." ? 0 : 1)).toBeGreaterThan(0);
      }),
      { numRuns: RUNS, seed: Number(process.env.CONTINUUM_FUZZ_SEED) || undefined },
    );
    expect(checked).toBeGreaterThan(RUNS * 0.8);
    expect(await t.db.order.count()).toBe(0);
    expect(await t.db.application.count()).toBe(0);
  });

  it("a form post of arbitrary fields and text is refused the same way", async () => {
    await actAs(t.db, "OWNER", "fuzzer@test.example");
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 10 })), fc.string({ maxLength: 60 }), { maxKeys: 12 }), async (fields) => {
        const form = new FormData();
        for (const [key, value] of Object.entries(fields)) form.append(key, value);
        const result = await submitOrderAction(form);
        expect(result).toMatchObject({ ok: false });
        expect((result as { error: string }).error).not.toMatch(/went wrong on our side/);
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
    expect(await t.db.order.count()).toBe(0);
  });

  it(`POST /api/v1/orders answers ${RUNS} of them, and bodies that are not JSON, with 400 only, and stores nothing`, async () => {
    const post = (body: string) =>
      submitOrderRoute(new Request("http://portal.test/api/v1/orders", { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body }), { params: Promise.resolve({}) });
    await fc.assert(
      fc.asyncProperty(brokenOrder, async ({ order }) => {
        fc.pre(await refusedAtTheBoundary(order));
        const response = await post(JSON.stringify(order));
        expect(response.status).toBe(400);
        expect(((await response.json()) as { error: string }).error).toEqual(expect.any(String));
      }),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 200 }), async (text) => {
        fc.pre(!isJsonObject(text));
        expect((await post(text)).status).toBe(400);
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
    expect(await t.db.order.count()).toBe(0);
    expect(await t.db.auditEvent.count({ where: { action: { startsWith: "order." } } })).toBe(0);
  });

  it("the same generator does store a valid order once nothing is broken (the test can tell)", async () => {
    await actAs(t.db, "OWNER", "fuzzer@test.example");
    expect(await submitOrderAction(anOrder({ applicationName: "fuzz-control" }))).toMatchObject({ ok: true });
    expect(await t.db.order.count()).toBe(1);
  });
});

function isJsonObject(text: string) {
  try {
    return typeof JSON.parse(text) === "object";
  } catch {
    return false;
  }
}
