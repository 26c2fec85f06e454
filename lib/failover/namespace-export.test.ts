import { describe, expect, it } from "vitest";
import { importPlan, type NamespaceExport } from "./namespace-export";

const exported: NamespaceExport = {
  region: "europe-west",
  namespace: "shop-prod",
  takenAt: "2026-11-25T10:00:00.000Z",
  objects: [
    { apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "shop-prod" }, data: { password: "c2VjcmV0" } },
    { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data", namespace: "shop-prod" }, spec: { volumeName: "pv-data" } },
    { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "db", namespace: "shop-prod" }, spec: { replicas: 3 } },
    { apiVersion: "v1", kind: "Service", metadata: { name: "db", namespace: "shop-prod" }, spec: { ports: [{ port: 5432 }] } },
    { apiVersion: "route.openshift.io/v1", kind: "Route", metadata: { name: "shop", namespace: "shop-prod" }, spec: { host: "shop.apps.europe-west.example.com" } },
    { apiVersion: "route.openshift.io/v1", kind: "Route", metadata: { name: "global", namespace: "shop-prod" }, spec: { host: "shop.example.com" } },
  ],
  persistentVolumes: [{ apiVersion: "v1", kind: "PersistentVolume", metadata: { name: "pv-data" }, spec: { csi: { driver: "cinder.csi.openstack.org", volumeHandle: "vol-1" } } }],
  workloads: [{ kind: "Deployment", name: "db", replicas: 3 }],
  volumes: [{ pvName: "pv-data", claimName: "data", volumeId: "vol-1" }],
  notes: [],
};

describe("the import plan", () => {
  it("puts what pods need first, the volume before its claim, and workloads at 0 replicas in the target namespace", () => {
    const plan = importPlan(exported, { namespace: "shop-dr", region: "europe-east" });
    expect(plan.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(["Secret/db", "PersistentVolume/pv-data", "PersistentVolumeClaim/data", "Deployment/db", "Service/db", "Route/shop", "Route/global"]);
    expect(plan.objects.filter((o) => o.kind !== "PersistentVolume").every((o) => o.metadata.namespace === "shop-dr")).toBe(true);
    expect(plan.objects.find((o) => o.kind === "Deployment")!.spec).toEqual({ replicas: 0 });
  });

  it("leaves a host that names the source region for the target to assign, and keeps a global one", () => {
    const plan = importPlan(exported, { namespace: "shop-dr", region: "europe-east" });
    expect(plan.objects.find((o) => o.metadata.name === "shop")!.spec).toEqual({});
    expect(plan.objects.find((o) => o.metadata.name === "global")!.spec).toEqual({ host: "shop.example.com" });
    expect(plan.notes).toEqual(["route shop: host shop.apps.europe-west.example.com belongs to europe-west; europe-east assigns its own"]);
  });

  it("for a drill: renamed volumes on the copies, claims bound to them, and no routes", () => {
    const plan = importPlan(exported, { namespace: "shop-drill-x", region: "europe-east" }, { pvSuffix: "drill-x", withRoutes: false, volumeIdOf: () => "copy-1" });
    expect(plan.objects.find((o) => o.kind === "PersistentVolume")).toMatchObject({ metadata: { name: "pv-data-drill-x" }, spec: { csi: { volumeHandle: "copy-1" } } });
    expect(plan.objects.find((o) => o.kind === "PersistentVolumeClaim")!.spec).toEqual({ volumeName: "pv-data-drill-x" });
    expect(plan.objects.some((o) => o.kind === "Route")).toBe(false);
  });
});
