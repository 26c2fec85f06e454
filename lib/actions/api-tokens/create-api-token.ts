"use server";

import { createApiToken, CreateApiTokenInput } from "@/lib/api-tokens/api-tokens";
import { db } from "@/lib/db/client";
import { defineAction } from "../define-action";

export const createApiTokenAction = defineAction(
  { name: "api_token.create", permission: "api-token:own", forbiddenTo: "create API tokens", input: CreateApiTokenInput, revalidate: ["/account/tokens"] },
  ({ name }, { actor, requestId }) => createApiToken(db(), { ...actor, requestId }, name),
);
