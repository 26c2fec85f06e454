import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import yaml from "js-yaml";
import type { FaultBoard } from "../faults";
import { readBody, sendJson } from "../http";
import type { Cluster } from "./cluster";
import { projectOfNamespace } from "./openshift";
import { jsonPatch, mergePatch, strategicMergePatch } from "./patch";
import { apiVersionOf, findResourceType, groupVersions, RESOURCE_TYPES, resourceTypeOfKind, verbsOf, type ResourceType } from "./resources";
import { fieldsOf, parseSelector, SelectorError } from "./selectors";
import { conflict, KubeStatusError } from "./status-error";
import type { KubeObject, StoreEvent } from "./store";

// The Kubernetes/OpenShift REST API of one region over HTTP(S): discovery, CRUD with the real
// paths, patches, subresources, selectors and watches, with bearer-token authentication.

const KUBE_VERSION = { major: "1", minor: "31", gitVersion: "v1.31.6", platform: "linux/amd64", goVersion: "go1.22.12", compiler: "gc", buildDate: "2025-02-01T00:00:00Z", gitCommit: "simulator", gitTreeState: "clean" };
const NS = resourceTypeOfKind("Namespace");

interface Route {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  watch: boolean;
}

/** What the API server does to an object on the way in: a Secret's write-only stringData is folded into data. */
function admitted(type: ResourceType, object: KubeObject): KubeObject {
  if (type.plural !== "secrets" || !object.stringData) return object;
  const { stringData, ...rest } = object as KubeObject & { stringData: Record<string, string>; data?: Record<string, string> };
  const encoded = Object.fromEntries(Object.entries(stringData).map(([key, value]) => [key, Buffer.from(String(value)).toString("base64")]));
  return { ...rest, data: { ...(rest.data ?? {}), ...encoded } };
}

export class KubeApiServer {
  constructor(
    private readonly cluster: Cluster,
    private readonly faults: FaultBoard,
    private readonly token: string,
  ) {}

  private served(): ResourceType[] {
    return RESOURCE_TYPES.filter((t) => t.kind !== "DeploymentConfig" || this.cluster.options.serveDeploymentConfigs);
  }

  handle = async (req: IncomingMessage, res: ServerResponse) => {
    const region = this.cluster.region;
    const faults = this.faults.get(region);
    if (faults.down) {
      req.socket.destroy();
      return;
    }
    if (faults.latencyMs) await sleep(faults.latencyMs);
    const url = new URL(req.url ?? "/", "https://simulator");
    try {
      if (req.headers.authorization !== `Bearer ${this.token}`) {
        throw new KubeStatusError(401, "Unauthorized", "Unauthorized");
      }
      const failure = this.faults.failsNow(region);
      if (failure) {
        throw new KubeStatusError(failure, failure === 503 ? "ServiceUnavailable" : "InternalError", `simulated ${failure} from the ${region} API server`);
      }
      await this.route(req, res, url);
    } catch (error) {
      const status =
        error instanceof KubeStatusError
          ? error
          : error instanceof SelectorError
            ? new KubeStatusError(400, "BadRequest", error.message)
            : error instanceof SyntaxError || error instanceof yaml.YAMLException
              ? new KubeStatusError(400, "BadRequest", `the body of the request was in an unknown format: ${(error as Error).message}`)
              : new KubeStatusError(500, "InternalError", `Internal error occurred: ${(error as Error).message}`);
      if (!res.headersSent) sendJson(res, status.code, status.toStatus());
      else res.end();
    }
  };

  private discovery(url: URL, res: ServerResponse): boolean {
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const served = this.served();
    const resourceList = (group: string, version: string) => ({
      kind: "APIResourceList",
      apiVersion: "v1",
      groupVersion: apiVersionOf({ group, version }),
      resources: served
        .filter((t) => t.group === group && t.version === version)
        .flatMap((t) => [
          { name: t.plural, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs: verbsOf(t), ...(t.shortNames ? { shortNames: t.shortNames } : {}) },
          ...(t.subresources ?? []).map((sub) => ({
            name: `${t.plural}/${sub}`,
            singularName: "",
            namespaced: t.namespaced,
            kind: sub === "scale" ? "Scale" : t.kind,
            ...(sub === "scale" ? { group: "autoscaling", version: "v1" } : {}),
            verbs: ["get", "patch", "update"],
          })),
        ]),
    });
    const groups = groupVersions().filter((gv) => gv.group && served.some((t) => t.group === gv.group));
    if (path === "/version") return sendJson(res, 200, KUBE_VERSION), true;
    if (path === "/healthz" || path === "/readyz" || path === "/livez") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return true;
    }
    if (path === "/api") return sendJson(res, 200, { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: url.host }] }), true;
    if (path === "/api/v1") return sendJson(res, 200, resourceList("", "v1")), true;
    if (path === "/apis") {
      sendJson(res, 200, {
        kind: "APIGroupList",
        apiVersion: "v1",
        groups: groups.map((gv) => ({
          name: gv.group,
          versions: [{ groupVersion: `${gv.group}/${gv.version}`, version: gv.version }],
          preferredVersion: { groupVersion: `${gv.group}/${gv.version}`, version: gv.version },
        })),
      });
      return true;
    }
    const groupMatch = path.match(/^\/apis\/([^/]+)(?:\/([^/]+))?$/);
    if (groupMatch) {
      const [, group, version] = groupMatch as unknown as [string, string, string | undefined];
      const gv = groups.find((g) => g.group === group && (!version || g.version === version));
      if (!gv) return false;
      if (version) sendJson(res, 200, resourceList(group, version));
      else sendJson(res, 200, { kind: "APIGroup", apiVersion: "v1", name: group, versions: [{ groupVersion: `${group}/${gv.version}`, version: gv.version }], preferredVersion: { groupVersion: `${group}/${gv.version}`, version: gv.version } });
      return true;
    }
    return false;
  }

  /**
   * A minimal OpenAPI v3: per group-version, the PATCH operation of each kind with its query
   * parameters. kubectl reads it to learn that the server validates fields itself
   * (`fieldValidation`), so `kubectl apply` needs no client-side schema.
   */
  private openApi(url: URL, res: ServerResponse): boolean {
    const served = this.served();
    const gvPath = (gv: { group: string; version: string }) => (gv.group ? `apis/${gv.group}/${gv.version}` : `api/${gv.version}`);
    const gvs = groupVersions().filter((gv) => served.some((t) => t.group === gv.group && t.version === gv.version));
    if (url.pathname === "/openapi/v3") {
      sendJson(res, 200, { paths: Object.fromEntries(gvs.map((gv) => [gvPath(gv), { serverRelativeURL: `/openapi/v3/${gvPath(gv)}?hash=${this.cluster.region}` }])) });
      return true;
    }
    const gv = gvs.find((g) => url.pathname === `/openapi/v3/${gvPath(g)}`);
    if (!gv) return false;
    const queryParameter = (name: string) => ({ name, in: "query", schema: { type: "string", uniqueItems: true } });
    const paths: Record<string, unknown> = {};
    for (const t of served.filter((t) => t.group === gv.group && t.version === gv.version)) {
      const item = `/${gvPath(gv)}/${t.namespaced ? "namespaces/{namespace}/" : ""}${t.plural}/{name}`;
      const operation = {
        "x-kubernetes-group-version-kind": { group: t.group, version: t.version, kind: t.kind },
        "x-kubernetes-action": "patch",
        parameters: ["dryRun", "fieldManager", "fieldValidation", "force"].map(queryParameter),
        responses: { "200": { description: "OK" } },
      };
      paths[item] = { patch: operation, get: { ...operation, "x-kubernetes-action": "get", parameters: [] } };
    }
    sendJson(res, 200, { openapi: "3.0.0", info: { title: "Kubernetes", version: KUBE_VERSION.gitVersion }, paths, components: { schemas: {} } });
    return true;
  }

  private parseRoute(url: URL): Route | null {
    const parts = url.pathname.replace(/\/+$/, "").split("/").slice(1);
    let group: string;
    let version: string;
    let rest: string[];
    if (parts[0] === "api" && parts[1]) [group, version, rest] = ["", parts[1], parts.slice(2)];
    else if (parts[0] === "apis" && parts[1] && parts[2]) [group, version, rest] = [parts[1], parts[2], parts.slice(3)];
    else return null;
    let watch = url.searchParams.get("watch") === "true" || url.searchParams.get("watch") === "1";
    if (rest[0] === "watch") {
      watch = true;
      rest = rest.slice(1);
    }
    let namespace: string | undefined;
    if (rest[0] === "namespaces" && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const [plural, name, subresource] = rest;
    if (!plural) return null;
    const type = findResourceType(group, version, plural);
    if (!type || !this.served().includes(type)) return null;
    return { type, namespace: type.namespaced ? namespace : undefined, name, subresource, watch };
  }

  private async route(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (req.method === "GET" && this.discovery(url, res)) return;
    if (req.method === "GET" && this.openApi(url, res)) return;
    const route = this.parseRoute(url);
    if (!route) throw new KubeStatusError(404, "NotFound", "the server could not find the requested resource");
    const { type, namespace, name, subresource } = route;
    if (type.namespaced && namespace && req.method !== "GET" && !this.cluster.store.find(NS, undefined, namespace)) {
      throw new KubeStatusError(404, "NotFound", `namespaces "${namespace}" not found`, { name: namespace, kind: "namespaces" });
    }
    const dryRun = url.searchParams.getAll("dryRun").includes("All");
    const method = req.method ?? "GET";

    if (!name) {
      if (method === "GET" && route.watch) return this.watch(res, url, route);
      if (method === "GET") return sendJson(res, 200, this.list(type, namespace, url));
      if (method === "POST") {
        const object = this.parseObject(await readBody(req), String(req.headers["content-type"] ?? ""));
        return sendJson(res, 201, this.create(type, namespace, object, dryRun));
      }
      if (method === "DELETE") {
        const items = this.list(type, namespace, url).items;
        if (!dryRun) for (const item of items) this.remove(type, item.metadata.namespace, item.metadata.name!);
        return sendJson(res, 200, { kind: `${type.kind}List`, apiVersion: apiVersionOf(type), metadata: {}, items });
      }
      throw new KubeStatusError(405, "MethodNotAllowed", `${method} is not supported on a collection of ${type.plural}`);
    }

    if (subresource && !(type.subresources ?? []).includes(subresource as "status" | "scale")) {
      throw new KubeStatusError(404, "NotFound", `the server could not find the requested resource (${type.plural}/${subresource})`);
    }
    if (method === "GET" && route.watch) {
      url.searchParams.set("fieldSelector", `metadata.name=${name}`);
      return this.watch(res, url, route);
    }
    if (method === "GET") {
      const object = this.get(type, namespace, name);
      return sendJson(res, 200, subresource === "scale" ? this.scaleOf(object) : object);
    }
    if (method === "PUT") {
      const body = this.parseObject(await readBody(req), String(req.headers["content-type"] ?? ""));
      if (body.metadata?.name && body.metadata.name !== name) throw new KubeStatusError(400, "BadRequest", `the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
      if (subresource === "scale") return sendJson(res, 200, this.scaleOf(this.setReplicas(type, namespace, name, body, dryRun)));
      return sendJson(res, 200, this.replace(type, namespace, { ...body, metadata: { ...body.metadata, name, namespace } }, subresource === "status", dryRun));
    }
    if (method === "PATCH") {
      const contentType = String(req.headers["content-type"] ?? "").split(";")[0]!.trim();
      const raw = await readBody(req);
      return this.patch(res, route as Route & { name: string }, contentType, raw, url, dryRun);
    }
    if (method === "DELETE") {
      const body = (await readBody(req)).trim();
      const options = body ? (JSON.parse(body) as { preconditions?: { resourceVersion?: string; uid?: string } }) : {};
      const current = this.get(type, namespace, name);
      if (options.preconditions?.uid && options.preconditions.uid !== current.metadata.uid) {
        throw new KubeStatusError(409, "Conflict", `Precondition failed: UID in precondition: ${options.preconditions.uid}, UID in object meta: ${current.metadata.uid}`);
      }
      if (options.preconditions?.resourceVersion && options.preconditions.resourceVersion !== current.metadata.resourceVersion) {
        throw new KubeStatusError(409, "Conflict", `Precondition failed: ResourceVersion in precondition: ${options.preconditions.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`);
      }
      const deleted = dryRun ? current : this.remove(type, namespace, name);
      return sendJson(res, 200, type.plural === "namespaces" || type.plural === "projects" ? deleted : { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details: { name, group: type.group, kind: type.plural, uid: current.metadata.uid } });
    }
    throw new KubeStatusError(405, "MethodNotAllowed", `${method} is not supported`);
  }

  private parseObject(text: string, contentType: string): KubeObject {
    const value = contentType.includes("yaml") ? yaml.load(text) : JSON.parse(text || "{}");
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new KubeStatusError(400, "BadRequest", "the request body must be an object");
    const object = value as KubeObject;
    object.metadata ??= {};
    return object;
  }

  // Projects are OpenShift's view of namespaces: reads and writes go to the namespace.
  private get(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    if (type.plural === "projects") return projectOfNamespace(this.cluster.store.get(NS, undefined, name));
    return this.cluster.store.get(type, namespace, name);
  }

  private list(type: ResourceType, namespace: string | undefined, url: URL) {
    const labels = parseSelector(url.searchParams.get("labelSelector"));
    const fields = parseSelector(url.searchParams.get("fieldSelector"));
    const source = type.plural === "projects" ? this.cluster.store.list(NS).map(projectOfNamespace) : type.plural === "projectrequests" ? [] : this.cluster.store.list(type, namespace);
    const items = source.filter((o) => labels(o.metadata.labels ?? {}) && fields(fieldsOf(o)));
    return { kind: `${type.kind}List`, apiVersion: apiVersionOf(type), metadata: { resourceVersion: String(this.cluster.store.resourceVersion) }, items };
  }

  private create(type: ResourceType, namespace: string | undefined, object: KubeObject, dryRun: boolean): KubeObject {
    if (object.kind && object.kind !== type.kind) throw new KubeStatusError(400, "BadRequest", `the kind of the object (${object.kind}) does not match the resource (${type.plural})`);
    if (type.plural === "projectrequests") {
      const name = object.metadata.name!;
      const annotations: Record<string, string> = { "openshift.io/requester": "continuum" };
      if (typeof object.displayName === "string") annotations["openshift.io/display-name"] = object.displayName;
      if (typeof object.description === "string") annotations["openshift.io/description"] = object.description;
      if (dryRun) return projectOfNamespace({ metadata: { name, annotations } });
      return projectOfNamespace(this.cluster.createNamespace({ metadata: { name, annotations } }));
    }
    if (type.plural === "namespaces" || type.plural === "projects") {
      if (dryRun) return { ...object, apiVersion: apiVersionOf(type), kind: type.kind };
      const created = this.cluster.createNamespace({ metadata: object.metadata });
      return type.plural === "projects" ? projectOfNamespace(created) : created;
    }
    if (dryRun) return { ...object, apiVersion: apiVersionOf(type), kind: type.kind, metadata: { ...object.metadata, namespace } };
    const { status: _ignored, ...withoutStatus } = admitted(type, object);
    const initialStatus = type.plural === "persistentvolumeclaims" || type.plural === "persistentvolumes" ? { phase: type.plural === "persistentvolumes" ? "Available" : "Pending" } : type.plural === "pods" ? { phase: "Pending" } : undefined;
    return this.cluster.store.create(type, { ...withoutStatus, ...(initialStatus ? { status: initialStatus } : {}) }, namespace);
  }

  private replace(type: ResourceType, namespace: string | undefined, object: KubeObject, statusOnly: boolean, dryRun: boolean): KubeObject {
    if (type.plural === "projects") {
      const current = this.cluster.store.get(NS, undefined, object.metadata.name!);
      const next = { ...current, metadata: { ...current.metadata, labels: object.metadata.labels, annotations: object.metadata.annotations, resourceVersion: object.metadata.resourceVersion } };
      return projectOfNamespace(dryRun ? next : this.cluster.store.replace(NS, next));
    }
    if (dryRun) return object;
    return this.cluster.store.replace(type, { ...admitted(type, object), metadata: { ...object.metadata, namespace } }, statusOnly ? { subresource: "status" } : {});
  }

  private remove(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    if (type.plural === "namespaces") return this.cluster.deleteNamespace(name);
    if (type.plural === "projects") return projectOfNamespace(this.cluster.deleteNamespace(name));
    return this.cluster.store.delete(type, namespace, name);
  }

  private scaleOf(object: KubeObject) {
    const spec = object.spec as { replicas?: number; selector?: { matchLabels?: Record<string, string> } | Record<string, string> };
    const selector = spec.selector && "matchLabels" in spec.selector ? spec.selector.matchLabels : (spec.selector as Record<string, string> | undefined);
    return {
      kind: "Scale",
      apiVersion: "autoscaling/v1",
      metadata: { name: object.metadata.name, namespace: object.metadata.namespace, uid: object.metadata.uid, resourceVersion: object.metadata.resourceVersion, creationTimestamp: object.metadata.creationTimestamp },
      spec: { replicas: spec.replicas ?? 1 },
      status: { replicas: (object.status as { replicas?: number } | undefined)?.replicas ?? 0, selector: Object.entries(selector ?? {}).map(([k, v]) => `${k}=${v}`).join(",") },
    };
  }

  private setReplicas(type: ResourceType, namespace: string | undefined, name: string, scale: KubeObject, dryRun: boolean): KubeObject {
    const current = this.cluster.store.get(type, namespace, name);
    const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
    if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0) {
      throw new KubeStatusError(422, "Invalid", `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`);
    }
    if (scale.metadata?.resourceVersion && scale.metadata.resourceVersion !== current.metadata.resourceVersion) {
      throw conflict(type.plural, type.group, name);
    }
    const next = { ...current, spec: { ...current.spec, replicas } };
    return dryRun ? next : this.cluster.store.replace(type, next);
  }

  private async patch(res: ServerResponse, route: Route & { name: string }, contentType: string, raw: string, url: URL, dryRun: boolean) {
    const { type, namespace, name, subresource } = route;
    const apply = contentType === "application/apply-patch+yaml";
    if (apply && !url.searchParams.get("fieldManager")) {
      throw new KubeStatusError(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
    }
    const body = apply ? yaml.load(raw) : JSON.parse(raw || "null");
    let current: KubeObject | undefined;
    try {
      current = this.get(type, namespace, name);
    } catch (error) {
      // Server-side apply creates what does not exist yet.
      if (apply && error instanceof KubeStatusError && error.code === 404) {
        const object = body as KubeObject;
        return sendJson(res, 201, this.create(type, namespace, { ...object, metadata: { ...object.metadata, name } }, dryRun));
      }
      throw error;
    }
    const base = subresource === "scale" ? this.scaleOf(current) : current;
    let patched: unknown;
    switch (contentType) {
      case "application/merge-patch+json":
        patched = mergePatch(base, body);
        break;
      case "application/strategic-merge-patch+json":
        if (type.group.endsWith("openshift.io")) throw new KubeStatusError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`);
        patched = strategicMergePatch(base, body);
        break;
      case "application/json-patch+json":
        patched = jsonPatch(base, body);
        break;
      case "application/apply-patch+yaml":
        patched = strategicMergePatch(base, body);
        break;
      default:
        throw new KubeStatusError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
    }
    const next = patched as KubeObject;
    // A patch that carries a resourceVersion is a conditional write.
    if (next.metadata?.resourceVersion && next.metadata.resourceVersion !== base.metadata.resourceVersion) {
      throw conflict(type.plural, type.group, name);
    }
    next.metadata = { ...next.metadata, name, resourceVersion: undefined };
    if (subresource === "scale") return sendJson(res, 200, this.scaleOf(this.setReplicas(type, namespace, name, next, dryRun)));
    return sendJson(res, 200, this.replace(type, namespace, next, subresource === "status", dryRun));
  }

  private watch(res: ServerResponse, url: URL, route: Route) {
    const { type, namespace } = route;
    const storeType = type.plural === "projects" ? NS : type;
    const labels = parseSelector(url.searchParams.get("labelSelector"));
    const fields = parseSelector(url.searchParams.get("fieldSelector"));
    const view = (object: KubeObject) => (type.plural === "projects" ? projectOfNamespace(object) : object);
    const matches = (event: Pick<StoreEvent, "resource" | "object">) =>
      event.resource.plural === storeType.plural &&
      (!namespace || event.object.metadata.namespace === namespace) &&
      labels(event.object.metadata.labels ?? {}) &&
      fields(fieldsOf(event.object));
    res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked", "cache-control": "no-cache" });
    // Clients wait for the headers before reading events; without a flush a quiet watch looks hung.
    res.flushHeaders();
    const send = (type: string, object: unknown) => res.write(JSON.stringify({ type, object }) + "\n");
    const since = url.searchParams.get("resourceVersion");
    const store = this.cluster.store;
    if (!since || since === "0") {
      for (const object of store.list(storeType, namespace)) if (matches({ resource: storeType, object })) send("ADDED", view(object));
    } else if (Number(since) < store.oldestWatchable - 1) {
      send("ERROR", new KubeStatusError(410, "Expired", `too old resource version: ${since} (${store.oldestWatchable})`).toStatus());
      res.end();
      return;
    } else {
      for (const event of store.eventsSince(Number(since))) if (matches(event)) send(event.type, view(event.object));
    }
    const unsubscribe = store.subscribe((event) => {
      if (matches(event)) send(event.type, view(event.object));
    });
    const timeoutSeconds = Number(url.searchParams.get("timeoutSeconds") ?? 1800);
    const timer = setTimeout(() => res.end(), timeoutSeconds * 1000);
    // Not req's "close": it fires as soon as the (empty) request body has been read.
    res.on("close", () => {
      clearTimeout(timer);
      unsubscribe();
    });
  }
}
