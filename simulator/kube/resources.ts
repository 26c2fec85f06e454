// The Kubernetes/OpenShift resources the simulator serves, with what discovery and the REST
// paths need to know about each.

export interface ResourceType {
  group: string; // "" for the core group
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  subresources?: Array<"status" | "scale">;
  verbs?: string[];
}

const ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

export const RESOURCE_TYPES: ResourceType[] = [
  { group: "", version: "v1", plural: "namespaces", singular: "namespace", kind: "Namespace", namespaced: false, shortNames: ["ns"], subresources: ["status"], verbs: ["create", "delete", "get", "list", "patch", "update", "watch"] },
  { group: "", version: "v1", plural: "secrets", singular: "secret", kind: "Secret", namespaced: true },
  { group: "", version: "v1", plural: "configmaps", singular: "configmap", kind: "ConfigMap", namespaced: true, shortNames: ["cm"] },
  { group: "", version: "v1", plural: "services", singular: "service", kind: "Service", namespaced: true, shortNames: ["svc"], subresources: ["status"] },
  { group: "", version: "v1", plural: "persistentvolumes", singular: "persistentvolume", kind: "PersistentVolume", namespaced: false, shortNames: ["pv"], subresources: ["status"] },
  { group: "", version: "v1", plural: "persistentvolumeclaims", singular: "persistentvolumeclaim", kind: "PersistentVolumeClaim", namespaced: true, shortNames: ["pvc"], subresources: ["status"] },
  { group: "", version: "v1", plural: "pods", singular: "pod", kind: "Pod", namespaced: true, shortNames: ["po"], subresources: ["status"] },
  { group: "", version: "v1", plural: "events", singular: "event", kind: "Event", namespaced: true, shortNames: ["ev"] },
  { group: "", version: "v1", plural: "resourcequotas", singular: "resourcequota", kind: "ResourceQuota", namespaced: true, shortNames: ["quota"], subresources: ["status"] },
  { group: "", version: "v1", plural: "limitranges", singular: "limitrange", kind: "LimitRange", namespaced: true, shortNames: ["limits"] },
  { group: "apps", version: "v1", plural: "deployments", singular: "deployment", kind: "Deployment", namespaced: true, shortNames: ["deploy"], subresources: ["status", "scale"] },
  { group: "rbac.authorization.k8s.io", version: "v1", plural: "rolebindings", singular: "rolebinding", kind: "RoleBinding", namespaced: true },
  { group: "project.openshift.io", version: "v1", plural: "projects", singular: "project", kind: "Project", namespaced: false, verbs: ["create", "delete", "get", "list", "patch", "update", "watch"] },
  { group: "project.openshift.io", version: "v1", plural: "projectrequests", singular: "projectrequest", kind: "ProjectRequest", namespaced: false, verbs: ["create", "list"] },
  { group: "route.openshift.io", version: "v1", plural: "routes", singular: "route", kind: "Route", namespaced: true, subresources: ["status"] },
  { group: "apps.openshift.io", version: "v1", plural: "deploymentconfigs", singular: "deploymentconfig", kind: "DeploymentConfig", namespaced: true, shortNames: ["dc"], subresources: ["status", "scale"] },
];

export const verbsOf = (type: ResourceType) => type.verbs ?? ALL_VERBS;

export const apiVersionOf = (type: Pick<ResourceType, "group" | "version">) => (type.group ? `${type.group}/${type.version}` : type.version);

export function findResourceType(group: string, version: string, plural: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((t) => t.group === group && t.version === version && t.plural === plural);
}

export function resourceTypeOfKind(kind: string): ResourceType {
  const type = RESOURCE_TYPES.find((t) => t.kind === kind);
  if (!type) throw new Error(`unknown kind ${kind}`);
  return type;
}

export function groupVersions(): Array<{ group: string; version: string }> {
  const seen = new Map<string, { group: string; version: string }>();
  for (const t of RESOURCE_TYPES) seen.set(apiVersionOf(t), { group: t.group, version: t.version });
  return [...seen.values()];
}
