"use server";

import { z } from "zod";
import { revokeApiToken } from "@/lib/api-tokens/api-tokens";
import { db } from "@/lib/db/client";
import { defineAction } from "../define-action";

export const revokeApiTokenAction = defineAction(
  { name: "api_token.revoke", permission: "api-token:own", forbiddenTo: "revoke API tokens", input: z.object({ tokenId: z.string().min(1).max(40) }), revalidate: ["/account/tokens"] },
  ({ tokenId }, { actor, requestId }) => revokeApiToken(db(), { ...actor, requestId }, tokenId),
);
