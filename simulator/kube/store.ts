import { randomUUID } from "node:crypto";
import { apiVersionOf, type ResourceType } from "./resources";
import { alreadyExists, conflict, invalid, KubeStatusError, notFound } from "./status-error";

// One cluster's objects, like etcd behind an API server: a single resourceVersion counter,
// optimistic concurrency, and a bounded history of changes that watches replay from.

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{ apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }>;
  finalizers?: string[];
  managedFields?: unknown[];
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface StoreEvent {
  type: WatchEventType;
  resource: ResourceType;
  object: KubeObject;
  resourceVersion: number;
}

const HISTORY_LIMIT = 10_000;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Timestamps as the API server writes them: RFC 3339, whole seconds. */
export const kubeTimestamp = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");

const keyOf = (namespace: string | undefined, name: string) => `${namespace ?? ""}/${name}`;
const clone = <T>(value: T): T => structuredClone(value);

/** What an index files an object under (none, one or several values). */
export type IndexKeys = (object: KubeObject) => string[];

/**
 * One resource's objects, by namespace/name, indexed by namespace and by whatever the simulator's
 * controllers look objects up by (a volume's Cinder id, a claim's volume name), so a lookup costs
 * what it finds, not the size of the cluster.
 */
class Bucket {
  private readonly all = new Map<string, KubeObject>();
  private readonly byNamespace = new Map<string, Map<string, KubeObject>>();
  private readonly indexes = new Map<string, { keysOf: IndexKeys; entries: Map<string, Map<string, KubeObject>> }>();

  get(key: string) {
    return this.all.get(key);
  }

  has(key: string) {
    return this.all.has(key);
  }

  addIndex(name: string, keysOf: IndexKeys) {
    const index = { keysOf, entries: new Map<string, Map<string, KubeObject>>() };
    this.indexes.set(name, index);
    for (const [key, object] of this.all) file(index.entries, keysOf(object), key, object);
  }

  set(key: string, object: KubeObject) {
    this.delete(key);
    this.all.set(key, object);
    file(this.byNamespace, [object.metadata.namespace ?? ""], key, object);
    for (const index of this.indexes.values()) file(index.entries, index.keysOf(object), key, object);
  }

  delete(key: string) {
    const object = this.all.get(key);
    if (!object) return false;
    this.all.delete(key);
    unfile(this.byNamespace, [object.metadata.namespace ?? ""], key);
    for (const index of this.indexes.values()) unfile(index.entries, index.keysOf(object), key);
    return true;
  }

  values(namespace?: string): Iterable<KubeObject> {
    return namespace === undefined ? this.all.values() : (this.byNamespace.get(namespace)?.values() ?? []);
  }

  byIndex(name: string, value: string): Iterable<KubeObject> {
    const index = this.indexes.get(name);
    if (!index) throw new Error(`no index ${name}`);
    return index.entries.get(value)?.values() ?? [];
  }
}

function file(entries: Map<string, Map<string, KubeObject>>, values: string[], key: string, object: KubeObject) {
  for (const value of values) {
    let objects = entries.get(value);
    if (!objects) entries.set(value, (objects = new Map()));
    objects.set(key, object);
  }
}

function unfile(entries: Map<string, Map<string, KubeObject>>, values: string[], key: string) {
  for (const value of values) {
    const objects = entries.get(value);
    objects?.delete(key);
    if (objects?.size === 0) entries.delete(value);
  }
}

const byKey = (a: KubeObject, b: KubeObject) => keyOf(a.metadata.namespace, a.metadata.name!).localeCompare(keyOf(b.metadata.namespace, b.metadata.name!));

export class ObjectStore {
  private counter = 1;
  private readonly objects = new Map<string, Bucket>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<(event: StoreEvent) => void>();

  get resourceVersion() {
    return this.counter;
  }

  /** The oldest resourceVersion a watch can still resume from. */
  get oldestWatchable() {
    return this.history[0]?.resourceVersion ?? this.counter;
  }

  private readonly indexDefinitions = new Map<string, Map<string, IndexKeys>>();

  private bucket(type: ResourceType) {
    let bucket = this.objects.get(type.plural);
    if (!bucket) {
      this.objects.set(type.plural, (bucket = new Bucket()));
      for (const [name, keysOf] of this.indexDefinitions.get(type.plural) ?? []) bucket.addIndex(name, keysOf);
    }
    return bucket;
  }

  /** Files the objects of a type under what `keysOf` says, for `byIndex`; kept through every write and a restore. */
  addIndex(type: ResourceType, name: string, keysOf: IndexKeys) {
    if (!this.indexDefinitions.has(type.plural)) this.indexDefinitions.set(type.plural, new Map());
    this.indexDefinitions.get(type.plural)!.set(name, keysOf);
    this.bucket(type).addIndex(name, keysOf);
  }

  /** The stored objects an index files under `value`, not copied (see `peek`), in no particular order. */
  byIndex(type: ResourceType, name: string, value: string): Readonly<KubeObject>[] {
    return [...this.bucket(type).byIndex(name, value)];
  }

  private emit(type: WatchEventType, resource: ResourceType, object: KubeObject) {
    const event = { type, resource, object: clone(object), resourceVersion: this.counter };
    this.history.push(event);
    if (this.history.length > HISTORY_LIMIT) this.history.shift();
    for (const listener of this.listeners) listener(event);
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  eventsSince(resourceVersion: number): StoreEvent[] {
    return this.history.filter((e) => e.resourceVersion > resourceVersion);
  }

  find(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.bucket(type).get(keyOf(type.namespaced ? namespace : undefined, name));
    return found && clone(found);
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const found = this.find(type, namespace, name);
    if (!found) throw notFound(type.plural, type.group, name);
    return found;
  }

  list(type: ResourceType, namespace?: string): KubeObject[] {
    return this.view(type, namespace).map(clone);
  }

  /**
   * The stored object itself, not a copy: for the simulator's own controllers, which read far more
   * than they write and must never change what they are given (a write goes through `replace`).
   */
  peek(type: ResourceType, namespace: string | undefined, name: string): Readonly<KubeObject> | undefined {
    return this.bucket(type).get(keyOf(type.namespaced ? namespace : undefined, name));
  }

  /** The stored objects of a type (in one namespace, or all), sorted by namespace/name, not copied: see `peek`. */
  view(type: ResourceType, namespace?: string): KubeObject[] {
    return [...this.bucket(type).values(type.namespaced ? namespace : undefined)].sort(byKey);
  }

  create(type: ResourceType, input: KubeObject, namespace?: string): KubeObject {
    const object = clone(input);
    object.metadata ??= {};
    if (!object.metadata.name && object.metadata.generateName) {
      object.metadata.name = object.metadata.generateName + Math.random().toString(36).slice(2, 7);
    }
    const name = object.metadata.name;
    if (!name) throw invalid(type.kind, type.group, "", "metadata.name", "Required value: name or generateName is required");
    const pattern = type.plural === "namespaces" || type.plural === "services" ? DNS_LABEL : DNS_SUBDOMAIN;
    if (!pattern.test(name) || name.length > 253) {
      throw invalid(type.kind, type.group, name, "metadata.name", `Invalid value: "${name}": a lowercase RFC 1123 name must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`);
    }
    if (type.namespaced) {
      const ns = namespace ?? object.metadata.namespace;
      if (!ns) throw new KubeStatusError(400, "BadRequest", "the namespace of the object must be set");
      if (object.metadata.namespace && namespace && object.metadata.namespace !== namespace) {
        throw new KubeStatusError(400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request");
      }
      const namespaceObject = this.bucket({ plural: "namespaces" } as ResourceType).get(keyOf(undefined, ns));
      if (!namespaceObject) throw notFound("namespaces", "", ns);
      if (namespaceObject.status?.phase === "Terminating") {
        throw new KubeStatusError(403, "Forbidden", `${type.plural} "${name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`);
      }
      object.metadata.namespace = ns;
    } else {
      delete object.metadata.namespace;
    }
    const bucket = this.bucket(type);
    const key = keyOf(object.metadata.namespace, name);
    if (bucket.has(key)) throw alreadyExists(type.plural, type.group, name);
    this.counter++;
    object.apiVersion = apiVersionOf(type);
    object.kind = type.kind;
    object.metadata.uid = randomUUID();
    object.metadata.creationTimestamp = kubeTimestamp();
    object.metadata.resourceVersion = String(this.counter);
    if (object.spec !== undefined) object.metadata.generation = 1;
    delete object.metadata.managedFields;
    bucket.set(key, object);
    this.emit("ADDED", type, object);
    return clone(object);
  }

  /**
   * Replaces an object. With `expectResourceVersion` (what a client sends in metadata), a stale
   * write is refused with 409 Conflict, as the API server does.
   */
  replace(type: ResourceType, input: KubeObject, options: { subresource?: "status" } = {}): KubeObject {
    const name = input.metadata?.name;
    if (!name) throw invalid(type.kind, type.group, "", "metadata.name", "Required value");
    const bucket = this.bucket(type);
    const key = keyOf(type.namespaced ? input.metadata.namespace : undefined, name);
    const current = bucket.get(key);
    if (!current) throw notFound(type.plural, type.group, name);
    const expected = input.metadata.resourceVersion;
    if (expected && expected !== current.metadata.resourceVersion) throw conflict(type.plural, type.group, name);
    const next = clone(input);
    if (options.subresource === "status") {
      // A status write changes status only.
      Object.assign(next, { ...clone(current), status: next.status });
    } else if (current.status !== undefined && type.plural !== "namespaces") {
      // A main-resource write never changes status (the controllers own it).
      next.status = clone(current.status);
    }
    next.apiVersion = apiVersionOf(type);
    next.kind = type.kind;
    next.metadata = {
      ...next.metadata,
      namespace: current.metadata.namespace,
      uid: current.metadata.uid,
      creationTimestamp: current.metadata.creationTimestamp,
    };
    if (!type.namespaced) delete next.metadata.namespace;
    delete next.metadata.managedFields;
    const specChanged = JSON.stringify(next.spec) !== JSON.stringify(current.spec);
    if (next.spec !== undefined) next.metadata.generation = (current.metadata.generation ?? 1) + (specChanged ? 1 : 0);
    if (JSON.stringify({ ...next, metadata: { ...next.metadata, resourceVersion: undefined } }) === JSON.stringify({ ...current, metadata: { ...current.metadata, resourceVersion: undefined } })) {
      return clone(current); // no-op writes do not bump the resourceVersion
    }
    this.counter++;
    next.metadata.resourceVersion = String(this.counter);
    bucket.set(key, next);
    this.emit("MODIFIED", type, next);
    return clone(next);
  }

  delete(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const bucket = this.bucket(type);
    const key = keyOf(type.namespaced ? namespace : undefined, name);
    const current = bucket.get(key);
    if (!current) throw notFound(type.plural, type.group, name);
    bucket.delete(key);
    this.counter++;
    current.metadata.resourceVersion = String(this.counter);
    this.emit("DELETED", type, current);
    return clone(current);
  }

  /** Everything, for the optional state file. */
  snapshot() {
    return { counter: this.counter, objects: Object.fromEntries([...this.objects].map(([plural, bucket]) => [plural, [...bucket.values()].sort(byKey)])) };
  }

  restore(saved: { counter: number; objects: Record<string, KubeObject[]> }, typeOf: (plural: string) => ResourceType | undefined) {
    this.counter = saved.counter;
    this.objects.clear();
    for (const [plural, objects] of Object.entries(saved.objects)) {
      const type = typeOf(plural);
      if (!type) continue;
      for (const o of objects) this.bucket(type).set(keyOf(o.metadata.namespace, o.metadata.name!), o);
    }
  }
}
