import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { currentChangeSchema } from "@/lib/changes/current-change-schema";
import { ERROR_STATUS } from "@/lib/errors";
import { StartRunInput } from "@/lib/failover/start-run";
import { MAX_BODY_BYTES } from "./define-api-route";
import { DecisionBody } from "@/lib/orders/decide-order";
import { currentOrderSchema } from "@/lib/orders/order-rule-settings";

// The OpenAPI 3.0 document of /api/v1, its request bodies generated from the same zod schemas
// the routes parse with (the order schema from the organisation's rules of the moment).

const schema = (s: z.ZodType) => z.toJSONSchema(s, { target: "openapi-3.0", io: "input", unrepresentable: "any" });
const error = { description: "An error a person can read", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
const errors = {
  "401": { ...error, description: "No token, an unknown or a revoked one" },
  "403": { ...error, description: "The token's user may not do this" },
  "413": { ...error, description: `A body over ${MAX_BODY_BYTES / 1024} KiB, refused before it is read` },
  "429": { ...error, description: "Too many wrong tokens from this address; the Retry-After header says when to try again" },
  "503": { ...error, description: "A region did not answer; nothing was changed, try again" },
};
const ok = (description: string, status = "200") => ({ [status]: { description, content: { "application/json": { schema: { type: "object" } } } } });
const body = (ref: string) => ({ required: true, content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } } });

export async function openApiDocument(db: Db) {
  return {
    openapi: "3.0.3",
    info: {
      title: "Continuum API",
      version: "1",
      description: "Orders, approvals, applications and failover runs. Authenticate with a personal API token (create one in the portal under Your API tokens): `Authorization: Bearer ctm_…`. Every call is role-checked like the portal's own buttons.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "A personal API token, ctm_…" } },
      schemas: {
        Error: { type: "object", required: ["error", "code"], properties: { error: { type: "string" }, code: { type: "string", enum: Object.keys(ERROR_STATUS) }, fieldErrors: { type: "object", additionalProperties: { type: "array", items: { type: "string" } } } } },
        OrderInput: schema(await currentOrderSchema(db)),
        Decision: schema(DecisionBody),
        StartRun: schema(StartRunInput),
        ChangeInput: schema((await currentChangeSchema(db)).omit({ applicationName: true })),
      },
    },
    paths: {
      "/applications": { get: { summary: "The applications the token's user may see", responses: { ...ok("Applications"), ...errors } } },
      "/applications/{name}": {
        get: { summary: "One application with its namespaces and latest runs", parameters: [{ name: "name", in: "path", required: true, schema: { type: "string" } }], responses: { ...ok("The application"), "404": error, ...errors } },
      },
      "/applications/{name}/sync": {
        post: {
          summary: "Sync the DR application's passive namespace with the active one (after a deploy, say); returns the queued sync, or the one already queued",
          parameters: [{ name: "name", in: "path", required: true, schema: { type: "string" } }],
          responses: { ...ok("The queued sync: read its outcome from the drift url", "202"), "404": error, "409": { ...error, description: "Not a ready DR application" }, ...errors },
        },
      },
      "/applications/{name}/changes": {
        post: {
          summary: "Ask to change the application: another quota size, or (multi-site) more regions; becomes an order of kind CHANGE for the approvers, with the cost before and after",
          parameters: [{ name: "name", in: "path", required: true, schema: { type: "string" } }],
          requestBody: body("ChangeInput"),
          responses: { ...ok("The change order, submitted", "201"), "400": { ...error, description: "The change is not possible as asked (fieldErrors say why), or a region to add did not answer" }, "404": error, "409": { ...error, description: "The application is not ready, or another change or its retirement is in play" }, ...errors },
        },
      },
      "/applications/{name}/drift": {
        get: {
          summary: "What differs now between the active and the passive namespace (added, changed, removed by kind and name), what cannot be carried, and the latest syncs",
          parameters: [{ name: "name", in: "path", required: true, schema: { type: "string" } }],
          responses: { ...ok("The drift and sync history"), "404": error, "409": { ...error, description: "Not a ready DR application" }, ...errors },
        },
      },
      "/orders": {
        get: { summary: "Own orders (owners) or the approval queue (approvers)", responses: { ...ok("Orders"), ...errors } },
        post: { summary: "Submit an order", requestBody: body("OrderInput"), responses: { ...ok("The submitted order", "201"), "400": error, "409": error, ...errors } },
      },
      "/orders/{id}/decision": {
        post: { summary: "Approve or reject a submitted order", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], requestBody: body("Decision"), responses: { ...ok("The decided order"), "400": error, "409": error, ...errors } },
      },
      "/runs": {
        post: {
          summary: "Start a failover, failback or DR drill (the same guard as the button: a reason and the application's name as confirmation)",
          requestBody: body("StartRun"),
          responses: { ...ok("The started run: poll its url", "201"), "400": error, "409": { ...error, description: "Another run is active for the application, or it is not in a state to run" }, ...errors },
        },
      },
      "/runs/{id}": {
        get: {
          summary: "A run and its steps: status (PENDING, RUNNING, SUCCEEDED, WAITING for a person to retry or abort, ABORTED), times, output, error, RTO and data point; a WAITING run lists the urls of what the token's user may do in `actions`",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: { ...ok("The run"), "404": error, ...errors },
        },
      },
      "/runs/{id}/retry": {
        post: {
          summary: "Try a WAITING run's failed step again, and everything after it",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: { ...ok("The run is queued again: poll its url", "202"), "404": error, "409": { ...error, description: "The run is not waiting for a person" }, ...errors },
        },
      },
      "/runs/{id}/abort": {
        post: {
          summary: "Abort a WAITING run: a rollback step deletes its pending transfers and starts the source again (a drill tears down), then the run ends ABORTED",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: { ...ok("The rollback is queued: poll the run's url", "202"), "404": error, "409": { ...error, description: "The run is not waiting, or its volumes already moved (retry instead)" }, ...errors },
        },
      },
    },
  };
}
