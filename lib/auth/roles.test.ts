import { describe, expect, it } from "vitest";
import { can, rolesThatCan } from "./roles";

describe("roles", () => {
  it("lets an owner order but not decide orders or fail over", () => {
    expect(can("OWNER", "order:create")).toBe(true);
    expect(can("OWNER", "order:decide")).toBe(false);
    expect(can("OWNER", "run:start")).toBe(false);
    expect(can("OWNER", "user:manage")).toBe(false);
  });

  it("lets an approver decide orders and manage regions, not fail over", () => {
    expect(can("APPROVER", "order:decide")).toBe(true);
    expect(can("APPROVER", "region:manage")).toBe(true);
    expect(can("APPROVER", "run:start")).toBe(false);
    expect(can("APPROVER", "cost:read")).toBe(true);
    expect(can("ONCALL", "cost:read")).toBe(false);
    expect(can("OWNER", "cost:read")).toBe(false);
  });

  it("lets on-call fail over but not approve their own orders", () => {
    expect(can("ONCALL", "run:start")).toBe(true);
    expect(can("ONCALL", "order:decide")).toBe(false);
  });

  it("lets an administrator do everything", () => {
    expect(can("ADMIN", "user:manage")).toBe(true);
    expect(can("ADMIN", "run:start")).toBe(true);
  });

  it("names the roles that may do something, for refusal messages", () => {
    expect(rolesThatCan("user:manage")).toBe("administrator");
    expect(rolesThatCan("run:start")).toBe("on-call engineer or administrator");
  });
});
