import { describe, expect, it } from "vitest";
import { assumedLostShares, planRescale, type SurvivorNamespace } from "./rescale-plan";

const POD = { pods: 1, "requests.cpu": 0.1 };
const survivor = (region: string, replicas: Record<string, number>, cpuHard = "10", cpuUsed = 0): SurvivorNamespace => ({
  region,
  namespace: "cat-prod",
  workloads: Object.entries(replicas).map(([name, count]) => ({ kind: "Deployment", name, replicas: count, podUsage: POD })),
  quotas: [{ name: "continuum-quota", hard: { "requests.cpu": cpuHard }, used: { "requests.cpu": cpuUsed } }],
});

describe("sharing a lost region's replicas among the others", () => {
  it("shares each workload evenly, the remainder to the first regions by name", () => {
    const { plan, shortfalls } = planRescale("europe-west", "cat-prod", [survivor("europe-north", { web: 3 }), survivor("europe-east", { web: 3 })], [{ kind: "Deployment", name: "web", replicas: 5, assumed: false }]);
    expect(shortfalls).toEqual([]);
    expect(plan.items.map(({ region, from, to }) => [region, from, to])).toEqual([
      ["europe-east", 3, 6],
      ["europe-north", 3, 5],
    ]);
    expect(plan.survivors).toEqual(["europe-east", "europe-north"]);
  });

  it("puts what one region's quota refuses into another region with room, and says what fits nowhere", () => {
    // europe-east takes one more pod (900m of 1 used); europe-north three (1700m of 2).
    const survivors = [survivor("europe-east", { web: 9 }, "1", 0.9), survivor("europe-north", { web: 17 }, "2", 1.7)];
    const { plan, shortfalls } = planRescale("europe-west", "cat-prod", survivors, [{ kind: "Deployment", name: "web", replicas: 6, assumed: true }]);
    expect(plan.items.map(({ region, to, wanted }) => [region, to, wanted])).toEqual([
      ["europe-east", 10, 12],
      ["europe-north", 20, 20],
    ]);
    expect(shortfalls).toEqual([
      "Deployment web: 2 of the 6 replica(s) europe-west ran (assumed) fit in no other region: europe-east/cat-prod quota continuum-quota: requests.cpu 1 of 1 used, each pod asks 100m; europe-north/cat-prod quota continuum-quota: requests.cpu 2 of 2 used, each pod asks 100m.",
    ]);
  });

  it("says so when a workload ran only in the lost region", () => {
    const { plan, shortfalls } = planRescale("europe-west", "cat-prod", [survivor("europe-east", { web: 2 })], [{ kind: "Deployment", name: "batch", replicas: 1, assumed: false }]);
    expect(plan.items).toEqual([]);
    expect(shortfalls).toEqual(["Deployment batch: 1 replica(s) ran only in europe-west; no other region runs it, so nothing can carry them."]);
  });

  it("assumes a lost region that cannot be read ran each workload at the largest count another region runs", () => {
    expect(assumedLostShares([survivor("europe-east", { web: 2, api: 4 }), survivor("europe-north", { web: 5 })])).toEqual([
      { kind: "Deployment", name: "api", replicas: 4, assumed: true },
      { kind: "Deployment", name: "web", replicas: 5, assumed: true },
    ]);
  });
});
