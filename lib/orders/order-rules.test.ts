import { describe, expect, it } from "vitest";
import { DEFAULT_COST_MODEL, estimateMonthlyCost } from "@/lib/pricing/cost-model";
import { planNamespaces } from "@/lib/profiles/profiles";
import { orderInputSchema, type OrderInput } from "@/lib/orders/order-rules";
import { loadOrderSettings } from "@/lib/config/order-settings";
import { anOrder } from "@/tests/orders";

const rules = { regions: ["europe-east", "europe-north", "europe-west"], costCenter: { pattern: "^CC-[0-9]{4,6}$", example: "CC-10420" } };
const schema = orderInputSchema(rules);
const valid: OrderInput = anOrder({ quotaSize: "MEDIUM" });
const errorsOf = (input: unknown) => {
  const result = schema.safeParse(input);
  // The form shows the first message of each field, as here.
  return result.success ? {} : Object.fromEntries(result.error.issues.toReversed().map((i) => [i.path.join("."), i.message]));
};

describe("an order's fields", () => {
  it("accepts a complete DR order", () => {
    expect(schema.safeParse(valid).success).toBe(true);
  });

  it.each([
    ["applicationName", "", "Enter the application's name."],
    ["applicationName", "x".repeat(41), "At most 40 characters, so its namespaces (like name-test) stay valid."],
    ["applicationName", "Books_Shop", "Use lower-case letters, digits and dashes only (it becomes the namespaces' names)."],
    ["applicationName", "<script>alert(1)</script>", "Use lower-case letters, digits and dashes only (it becomes the namespaces' names)."],
    ["applicationName", "9books", "Start with a letter."],
    ["applicationName", "books-", "End with a letter or a digit."],
    ["description", "", "Describe the application in a sentence."],
    ["description", "d".repeat(501), "At most 500 characters."],
    ["description", "<script>alert(1)</script>", "The description cannot contain < or >."],
    ["ownerGroup", "", "Choose the group that owns the application."],
    ["ownerGroup", "team books", "A group name is letters, digits, dots, dashes and underscores."],
    ["environments", [], "Choose at least one environment."],
    ["environments", ["dev", "staging"], "Environments are dev, test and prod."],
    ["regions", ["europe-west", "mars-north"], '"mars-north" is not a region you can order in (europe-east, europe-north, europe-west).'],
    ["regions", [], "Choose at least one region."],
    ["quotaSize", "HUGE", "Choose a quota size: small, medium or large."],
    ["costCenter", "", "Enter the cost center, like CC-10420."],
    ["costCenter", "10420", "A cost center looks like CC-10420."],
    ["costCenter", "CC-1<script>", "A cost center looks like CC-10420."],
    ["justification", "because", "Say in a sentence or two (at least 20 characters) why this environment is needed; the approver reads it."],
    ["justification", "j".repeat(2001), "At most 2,000 characters."],
    ["justification", "We need it <script>alert('x')</script> now", "The justification cannot contain < or >."],
    // A right-to-left override makes "approved by finance" read backwards to the approver.
    ["justification", "Needed for launch: \u202eecnanif yb devorppa", "The justification cannot contain control characters or invisible direction marks; type it again rather than pasting it."],
    ["justification", "Needed for launch, with a bell\u0007 in it", "The justification cannot contain control characters or invisible direction marks; type it again rather than pasting it."],
    ["description", "Books\u2066 and more", "The description cannot contain control characters or invisible direction marks; type it again rather than pasting it."],
  ])("refuses %s = %j with a message", (field, value, message) => {
    const errors = errorsOf({ ...valid, [field]: value });
    expect(Object.entries(errors).find(([path]) => path.startsWith(field))?.[1]).toBe(message);
  });

  it("keeps line breaks in a justification, and reads a cost center trimmed and upper-cased", () => {
    const parsed = schema.parse({ ...valid, costCenter: "  cc-10420 ", justification: "Customer-facing shop.\nLosing a region must not stop sales." });
    expect(parsed.costCenter).toBe("CC-10420");
    expect(parsed.justification).toBe("Customer-facing shop.\nLosing a region must not stop sales.");
  });

  it("refuses a multi-site order in one region and a DR order with the same region twice", () => {
    expect(errorsOf({ ...valid, profile: "MULTI_SITE", regions: ["europe-west"] })).toEqual({ regions: "Multi-site needs at least two regions (three are recommended for quorum)." });
    expect(errorsOf({ ...valid, regions: ["europe-west", "europe-west"] })).toMatchObject({ regions: "A region can be chosen only once; for DR the primary and the DR region must differ." });
    expect(errorsOf({ ...valid, regions: ["europe-west"] })).toEqual({ regions: "Choose a primary and a DR region: DR needs both." });
    expect(errorsOf({ ...valid, profile: "SINGLE_SITE" })).toEqual({ regions: "A single-site application lives in exactly one region." });
    expect(errorsOf({ ...valid, environments: ["dev"] })).toEqual({ environments: "Multi-site and DR protect production: include prod." });
    expect(errorsOf({ ...valid, costCenter: "", profile: "MULTI_SITE", regions: ["europe-west"] })).toMatchObject({ regions: "Multi-site needs at least two regions (three are recommended for quorum)." });
  });
});

describe("the namespaces an order produces", () => {
  it("puts prod in the primary and dr, dev and test in the DR region for DR", () => {
    expect(planNamespaces(valid)).toEqual([
      { region: "europe-west", name: "books-prod", role: "PROD" },
      { region: "europe-east", name: "books-dr", role: "DR" },
      { region: "europe-east", name: "books-dev", role: "DEV" },
      { region: "europe-east", name: "books-test", role: "TEST" },
    ]);
  });

  it("puts prod in every region and dev/test in the first for multi-site", () => {
    const plan = planNamespaces({ ...valid, profile: "MULTI_SITE", regions: ["europe-north", "europe-west", "europe-east"] });
    expect(plan.map((n) => `${n.region}/${n.name}`)).toEqual(["europe-north/books-prod", "europe-west/books-prod", "europe-east/books-prod", "europe-north/books-dev", "europe-north/books-test"]);
  });

  it("puts the ordered environments in the one region for single-site", () => {
    expect(planNamespaces({ ...valid, profile: "SINGLE_SITE", regions: ["europe-north"], environments: ["prod", "dev"] }).map((n) => n.name)).toEqual(["books-dev", "books-prod"]);
  });
});

describe("the cost estimate", () => {
  it("prices each namespace by size and region, times the profile's factor", () => {
    const model = { ...DEFAULT_COST_MODEL, regionFactor: { "europe-east": 0.8 } };
    const estimate = estimateMonthlyCost(model, "DR", "MEDIUM", planNamespaces(valid));
    expect(estimate.lines.map((l) => l.monthly)).toEqual([437, 350, 350, 350]);
    expect(estimate.monthly).toBe(1487);
  });

  it("reads the cost-center format and the cost model from the environment, and says what is wrong with them", () => {
    expect(loadOrderSettings({ CONTINUUM_COST_CENTER_PATTERN: "^[0-9]{3}$", CONTINUUM_COST_CENTER_EXAMPLE: "123" }).costCenter).toEqual({ pattern: "^[0-9]{3}$", example: "123" });
    expect(() => loadOrderSettings({ CONTINUUM_COST_CENTER_PATTERN: "^[0-9]{3}$" })).toThrow(/example CC-10420 does not match/);
    expect(() => loadOrderSettings({ CONTINUUM_COST_CENTER_PATTERN: "([" })).toThrow(/not a valid regular expression/);
    expect(() => loadOrderSettings({ CONTINUUM_COST_MODEL: "{" })).toThrow(/CONTINUUM_COST_MODEL is not JSON/);
    expect(() => loadOrderSettings({ CONTINUUM_COST_MODEL: '{"currency":"EUR"}' })).toThrow(/CONTINUUM_COST_MODEL: pricePerNamespace/);
    expect(() => loadOrderSettings({ CONTINUUM_WEBHOOK_URL: "ftp://x" })).toThrow(/must be an http\(s\) URL/);
  });
});
