import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

// Holds the API to its own OpenAPI document: every answer a test gets is checked against the
// schema the document gives for its path, method and status, with a JSON Schema validator that
// knows nothing of zod, so a route that returns a field the document does not list, or leaves
// out one it promises, fails the test that called it.

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: { "application/json"?: { schema: { $ref: string } } } }> }>>;
  components: { schemas: Record<string, unknown> };
}

export async function openApiContract(document: OpenApiDocument) {
  const valid = await new Validator().validate(structuredClone(document) as unknown as Record<string, unknown>);
  if (!valid.valid) throw new Error(`The OpenAPI document is not valid OpenAPI ${document.openapi}: ${JSON.stringify(valid.errors).slice(0, 2000)}`);
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  // The components as one schema, so each answer's $ref resolves the way a client's would.
  ajv.addKeyword("components");
  ajv.addSchema({ $id: "openapi.json", components: document.components });
  const validators = new Map<string, ValidateFunction>();
  const checked = new Set<string>();

  return {
    /** Throws, naming the operation and what differs, when a response does not match the document. */
    async check(method: string, path: string, response: Response) {
      const operation = document.paths[path]?.[method.toLowerCase()];
      if (!operation) throw new Error(`${method} ${path} is not in the OpenAPI document`);
      const answer = operation.responses[String(response.status)];
      if (!answer) throw new Error(`${method} ${path} answered ${response.status}, which the OpenAPI document does not list (it lists ${Object.keys(operation.responses).join(", ")})`);
      const ref = answer.content?.["application/json"]?.schema.$ref;
      if (!ref) throw new Error(`${method} ${path} ${response.status} has no JSON schema in the OpenAPI document`);
      const validator = validators.get(ref) ?? ajv.compile({ $ref: `openapi.json${ref}` });
      validators.set(ref, validator);
      const body: unknown = await response.clone().json();
      if (!validator(body)) throw new Error(`${method} ${path} ${response.status} does not match ${ref}: ${ajv.errorsText(validator.errors)}\n${JSON.stringify(body).slice(0, 1500)}`);
      checked.add(`${method.toUpperCase()} ${path} ${response.status}`);
    },
    /** Which operation and status pairs were seen, for a test that wants them all. */
    checked,
  };
}
