import { z } from "zod";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";
import { API_V1_ROUTES } from "./api-v1";
import { MAX_BODY_BYTES, type ApiRouteDefinition, type ApiRouteHandler } from "./define-api-route";
import { ErrorBody } from "./responses";

// The OpenAPI 3.0 document of /api/v1, generated from the routes' own definitions: each route's
// path, summary, role, request body and answer schema (the zod schemas the route parses with and
// is typed by; the order schema from the organisation's rules of the moment) and the refusals it
// can give, each with its code.

const SCHEMAS = "#/components/schemas/";

/** What any route can answer besides its own refusals, and when. */
function commonRefusals(route: ApiRouteDefinition): Partial<Record<ErrorCode, string>> {
  return {
    ...(route.body ? { invalid: "The body is not JSON, or a field is wrong: fieldErrors says which and why" } : route.query ? { invalid: "A query parameter is wrong (a limit out of range, a cursor this list did not give): fieldErrors says which" } : {}),
    unauthenticated: "No token, an unknown or a revoked one",
    ...(route.permission ? { forbidden: "The token's user may not do this; the error says who may" } : {}),
    ...(route.path.includes("{") ? { "not-found": "Not found, or not the token's user's to see" } : {}),
    ...(route.body ? { "too-large": `A body over ${MAX_BODY_BYTES / 1024} KiB, refused before it is read` } : {}),
    "rate-limited": "Too many wrong tokens from this address; the Retry-After header says when to try again",
    internal: "A fault of ours, logged: nothing was changed; the error gives a reference to quote",
    unavailable: "A region did not answer; nothing was changed, try again",
  };
}

const errorAnswer = (description: string) => ({ description, content: { "application/json": { schema: { $ref: `${SCHEMAS}Error` } } } });

/** The named schemas of one direction (requests are read as input, answers as output), as OpenAPI components. */
function componentsOf(named: Map<string, z.ZodType>, io: "input" | "output") {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of named) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { target: "openapi-3.0", io, unrepresentable: "any", uri: (id) => `${SCHEMAS}${id}` });
  // OpenAPI 3.0's schema object has no $id: the component's name is its identity.
  return Object.fromEntries(Object.entries(schemas).map(([id, { $id: _, ...schema }]) => [id, schema]));
}

/** Adds a schema under a name, refusing a second, different schema under the same name. */
function name(into: Map<string, z.ZodType>, id: string, schema: z.ZodType) {
  if (into.has(id) && into.get(id) !== schema) throw new Error(`Two schemas are named ${id} in the OpenAPI document`);
  into.set(id, schema);
}

export async function openApiDocument(routes: readonly ApiRouteHandler[] = API_V1_ROUTES) {
  const requests = new Map<string, z.ZodType>();
  const answers = new Map<string, z.ZodType>([["Error", ErrorBody]]);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { definition: route } of routes) {
    if (route.body) name(requests, route.body.name, typeof route.body.schema === "function" ? await route.body.schema() : route.body.schema);
    name(answers, route.response.name, route.response.schema);
    const refusals = { ...commonRefusals(route), ...route.refusals };
    const parameters = [
      ...[...route.path.matchAll(/\{(\w+)\}/g)].map(([, parameter]) => ({ name: parameter, in: "path", required: true, schema: { type: "string", maxLength: 253 } })),
      ...Object.entries(route.query?.shape ?? {}).map(([parameter, schema]) => {
        const { description, ...json } = z.toJSONSchema(schema as z.ZodType, { target: "openapi-3.0", io: "input", unrepresentable: "any" }) as Record<string, unknown>;
        return { name: parameter, in: "query", required: false, ...(description ? { description } : {}), schema: json };
      }),
    ];
    paths[route.path] = {
      ...paths[route.path],
      [route.method.toLowerCase()]: {
        operationId: route.name,
        summary: route.summary,
        ...(route.permission ? { description: `Needs the permission ${route.permission}.` } : {}),
        ...(parameters.length ? { parameters } : {}),
        ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: { $ref: `${SCHEMAS}${route.body.name}` } } } } } : {}),
        responses: {
          [String(route.status ?? 200)]: { description: route.response.description, content: { "application/json": { schema: { $ref: `${SCHEMAS}${route.response.name}` } } } },
          ...Object.fromEntries(
            (Object.entries(refusals) as Array<[ErrorCode, string]>).sort(([a], [b]) => ERROR_STATUS[a] - ERROR_STATUS[b]).map(([code, when]) => [String(ERROR_STATUS[code]), errorAnswer(`${code}: ${when}`)]),
          ),
        },
      },
    };
  }
  const requestSchemas = componentsOf(requests, "input");
  const answerSchemas = componentsOf(answers, "output");
  const clash = Object.keys(requestSchemas).find((id) => id in answerSchemas);
  if (clash) throw new Error(`${clash} names both a request and an answer in the OpenAPI document`);
  return {
    openapi: "3.0.3",
    info: {
      title: "Continuum API",
      version: "1",
      description:
        "Orders, approvals, applications and failover runs. Authenticate with a personal API token (create one in the portal under Your API tokens): `Authorization: Bearer ctm_…`. Every call is role-checked like the portal's own buttons. Every refusal is an Error with a code; its HTTP status follows from the code.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "A personal API token, ctm_…" } },
      schemas: { ...requestSchemas, ...answerSchemas },
    },
    paths,
  };
}
