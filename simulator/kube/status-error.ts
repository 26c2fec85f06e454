// Kubernetes answers errors with a `Status` object; clients (kubectl, client-node) read its
// reason and message, so the simulator throws these and the HTTP layer serialises them.

export type StatusReason = "NotFound" | "AlreadyExists" | "Conflict" | "Invalid" | "BadRequest" | "MethodNotAllowed" | "Unauthorized" | "Forbidden" | "Gone" | "InternalError" | "ServiceUnavailable" | "UnsupportedMediaType" | "Expired";

export class KubeStatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: { name?: string; group?: string; kind?: string; causes?: Array<{ reason: string; message: string; field: string }> },
  ) {
    super(message);
  }

  toStatus() {
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
      reason: this.reason,
      details: this.details,
      code: this.code,
    };
  }
}

export const notFound = (plural: string, group: string, name: string) =>
  new KubeStatusError(404, "NotFound", `${plural}${group ? "." + group : ""} "${name}" not found`, { name, group, kind: plural });

export const alreadyExists = (plural: string, group: string, name: string) =>
  new KubeStatusError(409, "AlreadyExists", `${plural}${group ? "." + group : ""} "${name}" already exists`, { name, group, kind: plural });

export const conflict = (plural: string, group: string, name: string) =>
  new KubeStatusError(
    409,
    "Conflict",
    `Operation cannot be fulfilled on ${plural}${group ? "." + group : ""} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group, kind: plural },
  );

export const invalid = (kind: string, group: string, name: string, field: string, message: string) =>
  new KubeStatusError(422, "Invalid", `${kind}${group ? "." + group : ""} "${name}" is invalid: ${field}: ${message}`, {
    name,
    group,
    kind,
    causes: [{ reason: "FieldValueInvalid", message, field }],
  });
