import { z } from "zod";

// Sign-in configuration from the environment, parsed once so a typo fails loudly at start-up.

const RoleName = z.enum(["OWNER", "APPROVER", "ONCALL", "ADMIN"]);

const AuthEnv = z.object({
  CONTINUUM_DEMO: z.enum(["0", "1"]).default("0"),
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().min(1).default("Single sign-on"),
  OIDC_GROUPS_CLAIM: z.string().min(1).default("groups"),
  // "platform-team=APPROVER,sre=ONCALL,continuum-admins=ADMIN": groups that grant a role.
  OIDC_ROLE_GROUPS: z.string().optional(),
});

export interface AuthConfig {
  demo: boolean;
  oidc: null | {
    issuer: string;
    clientId: string;
    clientSecret: string;
    name: string;
    groupsClaim: string;
    roleGroups: Array<{ group: string; role: z.infer<typeof RoleName> }>;
  };
}

export function parseRoleGroups(value: string | undefined) {
  if (!value?.trim()) return [];
  return value.split(",").map((pair) => {
    const [group, role] = pair.split("=").map((s) => s.trim());
    const parsed = RoleName.safeParse(role?.toUpperCase());
    if (!group || !parsed.success) {
      throw new Error(`OIDC_ROLE_GROUPS: "${pair}" is not group=ROLE with ROLE one of ${RoleName.options.join(", ")}`);
    }
    return { group, role: parsed.data };
  });
}

export function readAuthConfig(env: Record<string, string | undefined>): AuthConfig {
  const parsed = AuthEnv.parse(env);
  const oidcSet = [parsed.OIDC_ISSUER, parsed.OIDC_CLIENT_ID, parsed.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (oidcSet > 0 && oidcSet < 3) {
    throw new Error("OpenID Connect needs all three of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.");
  }
  return {
    demo: parsed.CONTINUUM_DEMO === "1",
    oidc:
      oidcSet === 3
        ? {
            issuer: parsed.OIDC_ISSUER!.replace(/\/$/, ""),
            clientId: parsed.OIDC_CLIENT_ID!,
            clientSecret: parsed.OIDC_CLIENT_SECRET!,
            name: parsed.OIDC_NAME,
            groupsClaim: parsed.OIDC_GROUPS_CLAIM,
            roleGroups: parseRoleGroups(parsed.OIDC_ROLE_GROUPS),
          }
        : null,
  };
}
