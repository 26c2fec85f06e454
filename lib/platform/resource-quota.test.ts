import { describe, expect, it } from "vitest";
import { addAmounts, claimUsage, describeShortfalls, formatQuantity, parseQuantity, podUsage, shortfallsOf } from "./resource-quota";

describe("Kubernetes quantities", () => {
  it("reads millicores, binary and decimal suffixes and exponents as the API server does", () => {
    expect(parseQuantity("500m")).toBe(0.5);
    expect(parseQuantity("2")).toBe(2);
    expect(parseQuantity("1.5")).toBe(1.5);
    expect(parseQuantity("128Mi")).toBe(128 * 2 ** 20);
    expect(parseQuantity("4Gi")).toBe(4 * 2 ** 30);
    expect(parseQuantity("1G")).toBe(1e9);
    expect(parseQuantity("1e3")).toBe(1000);
    expect(parseQuantity(3)).toBe(3);
  });

  it("refuses what Kubernetes would refuse", () => {
    for (const bad of ["", "abc", "1Qi", "1 Gi", "--1"]) expect(() => parseQuantity(bad), bad).toThrow(/is not a quantity/);
  });

  it("writes cores and bytes back the way `kubectl describe quota` shows them", () => {
    expect(formatQuantity("requests.cpu", 0.7)).toBe("700m");
    expect(formatQuantity("limits.cpu", 4)).toBe("4");
    expect(formatQuantity("requests.memory", 896 * 2 ** 20)).toBe("896Mi");
    expect(formatQuantity("requests.storage", 4 * 2 ** 30)).toBe("4Gi");
    expect(formatQuantity("pods", 7)).toBe("7");
  });
});

describe("what counts against a quota", () => {
  it("counts a pod's containers, a request defaulting to its limit, and the larger of init and app containers", () => {
    const usage = podUsage({
      containers: [{ resources: { requests: { cpu: "100m" }, limits: { cpu: "200m", memory: "256Mi" } } }, { resources: { limits: { cpu: "300m" } } }],
      initContainers: [{ resources: { requests: { cpu: "1", memory: "64Mi" } } }],
    });
    expect(usage).toMatchObject({ pods: 1, "requests.cpu": 1, cpu: 1, "limits.cpu": 0.5, "requests.memory": 256 * 2 ** 20, memory: 256 * 2 ** 20, "limits.memory": 256 * 2 ** 20 });
  });

  it("counts a claim by its requested storage", () => {
    expect(addAmounts(claimUsage("2Gi"), claimUsage("1Gi"))).toEqual({ persistentvolumeclaims: 2, "count/persistentvolumeclaims": 2, "requests.storage": 3 * 2 ** 30 });
  });

  it("finds each resource a quota would exceed, with its numbers, and lets an exact fit through", () => {
    const quota = { name: "continuum-quota", hard: { "requests.cpu": "300m", "limits.cpu": "1", pods: "10" } };
    expect(shortfallsOf(quota, { "requests.cpu": 0.1 }, { "requests.cpu": 0.2, pods: 1 })).toEqual([]);
    const short = shortfallsOf(quota, { "requests.cpu": 0.2, "limits.cpu": 0.8 }, { "requests.cpu": 0.2, "limits.cpu": 0.5, pods: 1 });
    expect(short).toEqual([
      { quota: "continuum-quota", resource: "requests.cpu", requested: 0.2, used: 0.2, hard: 0.3 },
      { quota: "continuum-quota", resource: "limits.cpu", requested: 0.5, used: 0.8, hard: 1 },
    ]);
    expect(describeShortfalls(short)).toBe("requested: limits.cpu=500m,requests.cpu=200m, used: limits.cpu=800m,requests.cpu=200m, limited: limits.cpu=1,requests.cpu=300m");
  });
});
