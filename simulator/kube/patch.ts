import { KubeStatusError } from "./status-error";

// The patch formats the API server accepts: JSON merge patch (RFC 7386), JSON patch (RFC 6902)
// and strategic merge patch (merge patch whose lists of named items merge by name, with the
// `$patch` directives kubectl sends).

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

export function mergePatch(target: unknown, patch: unknown): Json {
  if (!isObject(patch)) return structuredClone(patch) as Json;
  const result: JsonObject = isObject(target) ? structuredClone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

// Keys by which the API merges lists of objects (containers by name, ports by containerPort…).
const MERGE_KEYS = ["name", "containerPort", "port", "mountPath", "devicePath", "ip", "type", "topologyKey"];

function mergeKeyOf(items: JsonObject[]): string | undefined {
  return MERGE_KEYS.find((key) => items.length > 0 && items.every((item) => isObject(item) && key in item));
}

export function strategicMergePatch(target: unknown, patch: unknown): Json {
  if (!isObject(patch)) return structuredClone(patch) as Json;
  if (patch.$patch === "replace") {
    const { $patch: _ignored, ...rest } = patch;
    return structuredClone(rest);
  }
  const result: JsonObject = isObject(target) ? structuredClone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith("$setElementOrder/") || key === "$retainKeys" || key === "$patch") continue;
    if (key.startsWith("$deleteFromPrimitiveList/")) {
      const list = key.slice("$deleteFromPrimitiveList/".length);
      if (Array.isArray(result[list]) && Array.isArray(value)) result[list] = (result[list] as Json[]).filter((v) => !value.includes(v));
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const current = result[key];
    if (Array.isArray(value) && Array.isArray(current)) {
      const objects = [...current, ...value].filter(isObject) as JsonObject[];
      const mergeKey = objects.length === current.length + value.length ? mergeKeyOf(objects) : undefined;
      if (mergeKey) {
        const merged = structuredClone(current) as JsonObject[];
        for (const item of value as JsonObject[]) {
          const index = merged.findIndex((m) => m[mergeKey] === item[mergeKey]);
          if (item.$patch === "delete") {
            if (index >= 0) merged.splice(index, 1);
          } else if (index >= 0) merged[index] = strategicMergePatch(merged[index], item) as JsonObject;
          else merged.push(strategicMergePatch({}, item) as JsonObject);
        }
        result[key] = merged;
        continue;
      }
    }
    result[key] = isObject(value) ? strategicMergePatch(current, value) : structuredClone(value);
  }
  return result;
}

interface JsonPatchOperation {
  op: "add" | "remove" | "replace" | "move" | "copy" | "test";
  path: string;
  value?: Json;
  from?: string;
}

function pointer(path: string): string[] {
  if (path === "") return [];
  if (!path.startsWith("/")) throw new KubeStatusError(422, "Invalid", `the JSON pointer "${path}" must start with /`);
  return path
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function parentOf(document: Json, tokens: string[], path: string): { parent: JsonObject | Json[]; key: string } {
  let node: Json = document;
  for (const token of tokens.slice(0, -1)) {
    const next: Json | undefined = Array.isArray(node) ? node[Number(token)] : isObject(node) ? node[token] : undefined;
    if (next === undefined || next === null || typeof next !== "object") {
      throw new KubeStatusError(422, "Invalid", `the server rejected our request due to an error in our request: doc is missing path: "${path}"`);
    }
    node = next;
  }
  return { parent: node as JsonObject | Json[], key: tokens.at(-1)! };
}

function read(document: Json, path: string): Json {
  const tokens = pointer(path);
  if (tokens.length === 0) return document;
  const { parent, key } = parentOf(document, tokens, path);
  const value = Array.isArray(parent) ? parent[Number(key)] : parent[key];
  if (value === undefined) throw new KubeStatusError(422, "Invalid", `the server rejected our request due to an error in our request: doc is missing path: "${path}"`);
  return value;
}

export function jsonPatch(target: unknown, operations: unknown): Json {
  if (!Array.isArray(operations)) throw new KubeStatusError(400, "BadRequest", "a JSON patch must be a list of operations");
  let document = structuredClone(target) as Json;
  for (const operation of operations as JsonPatchOperation[]) {
    const tokens = pointer(operation.path);
    const write = (value: Json) => {
      if (tokens.length === 0) {
        document = value;
        return;
      }
      const { parent, key } = parentOf(document, tokens, operation.path);
      if (Array.isArray(parent)) {
        const index = key === "-" ? parent.length : Number(key);
        if (operation.op === "replace") parent[index] = value;
        else parent.splice(index, 0, value);
      } else parent[key] = value;
    };
    const remove = (path: string) => {
      const t = pointer(path);
      const { parent, key } = parentOf(document, t, path);
      read(document, path);
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    };
    switch (operation.op) {
      case "add":
        write(structuredClone(operation.value ?? null));
        break;
      case "replace":
        read(document, operation.path);
        write(structuredClone(operation.value ?? null));
        break;
      case "remove":
        remove(operation.path);
        break;
      case "move": {
        const value = read(document, operation.from!);
        remove(operation.from!);
        write(value);
        break;
      }
      case "copy":
        write(structuredClone(read(document, operation.from!)));
        break;
      case "test":
        if (JSON.stringify(read(document, operation.path)) !== JSON.stringify(operation.value)) {
          throw new KubeStatusError(422, "Invalid", `the server rejected our request due to an error in our request: testing value ${operation.path} failed`);
        }
        break;
      default:
        throw new KubeStatusError(400, "BadRequest", `unknown JSON patch operation "${(operation as { op: string }).op}"`);
    }
  }
  return document;
}
