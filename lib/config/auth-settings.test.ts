import { describe, expect, it } from "vitest";
import { readAuthConfig } from "./auth-settings";

describe("readAuthConfig", () => {
  it("turns the demo sign-in on only when CONTINUUM_DEMO=1", () => {
    expect(readAuthConfig({}).demo).toBe(false);
    expect(readAuthConfig({ CONTINUUM_DEMO: "1" }).demo).toBe(true);
  });

  it("reads an OpenID Connect provider and which groups grant which role", () => {
    const config = readAuthConfig({
      OIDC_ISSUER: "https://sso.example.com/realms/ops/",
      OIDC_CLIENT_ID: "continuum",
      OIDC_CLIENT_SECRET: "s3cret",
      OIDC_ROLE_GROUPS: "platform-team=approver, sre=ONCALL",
    });
    expect(config.oidc).toMatchObject({
      issuer: "https://sso.example.com/realms/ops",
      roleGroups: [
        { group: "platform-team", role: "APPROVER" },
        { group: "sre", role: "ONCALL" },
      ],
    });
  });

  it("refuses half an OpenID Connect configuration with the names of what is missing", () => {
    expect(() => readAuthConfig({ OIDC_ISSUER: "https://sso.example.com" })).toThrow(/OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/);
  });

  it("refuses a role mapping that names no real role", () => {
    expect(() =>
      readAuthConfig({ OIDC_ISSUER: "https://sso.example.com", OIDC_CLIENT_ID: "c", OIDC_CLIENT_SECRET: "s", OIDC_ROLE_GROUPS: "sre=firefighter" }),
    ).toThrow(/"sre=firefighter" is not group=ROLE/);
  });
});
