// Kubernetes ResourceQuota arithmetic: quantities ("500m", "4Gi"), what a pod or a claim counts
// against a quota, and whether something more still fits. Shared by the portal's capacity check
// and the simulator's quota controller, so both count the way the API server does.

const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };

/** A quantity as a number of base units (cores, bytes, objects); throws on one Kubernetes would refuse. */
export function parseQuantity(quantity: string | number): number {
  if (typeof quantity === "number") return quantity;
  const match = quantity.trim().match(/^([+-]?\d+(?:\.\d+)?|[+-]?\.\d+)(?:[eE]([+-]?\d+))?([a-zA-Z]*)$/);
  const factor = match ? (BINARY[match[3]!] ?? DECIMAL[match[3]!]) : undefined;
  if (!match || factor === undefined) throw new Error(`"${quantity}" is not a quantity`);
  return Number(match[1]) * 10 ** Number(match[2] ?? 0) * factor;
}

/** A quantity the way the API server writes it back: cores as "1500m" or "2", bytes as "6Gi" or "1536Mi". */
export function formatQuantity(resource: string, value: number): string {
  if (/cpu$/.test(resource)) return Number.isInteger(value) ? String(value) : `${Math.round(value * 1000)}m`;
  if (/memory$|storage$/.test(resource)) {
    for (const [suffix, size] of Object.entries(BINARY).reverse()) if (value >= size && Number.isInteger(value / size)) return `${value / size}${suffix}`;
    return String(Math.round(value));
  }
  return String(Math.round(value));
}

export type QuotaAmounts = Record<string, number>;

interface ContainerLike {
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

/** What one pod of this spec counts against a quota (requests default to limits, as the API server defaults them). */
export function podUsage(spec: { containers?: ContainerLike[]; initContainers?: ContainerLike[] } | undefined): QuotaAmounts {
  const usage: QuotaAmounts = { pods: 1, "count/pods": 1 };
  const sum = (containers: ContainerLike[] | undefined) => {
    const total: QuotaAmounts = {};
    for (const container of containers ?? []) {
      for (const resource of ["cpu", "memory", "ephemeral-storage"]) {
        const limit = container.resources?.limits?.[resource];
        const request = container.resources?.requests?.[resource] ?? limit;
        if (request !== undefined) total[`requests.${resource}`] = (total[`requests.${resource}`] ?? 0) + parseQuantity(request);
        if (limit !== undefined) total[`limits.${resource}`] = (total[`limits.${resource}`] ?? 0) + parseQuantity(limit);
      }
    }
    return total;
  };
  const app = sum(spec?.containers);
  // Init containers run one at a time before the others: the pod counts the larger of the two.
  for (const container of spec?.initContainers ?? []) {
    const init = sum([container]);
    for (const [resource, value] of Object.entries(init)) app[resource] = Math.max(app[resource] ?? 0, value);
  }
  for (const [resource, value] of Object.entries(app)) usage[resource] = value;
  // A bare "cpu"/"memory" in a quota means the requests.
  if (app["requests.cpu"] !== undefined) usage.cpu = app["requests.cpu"];
  if (app["requests.memory"] !== undefined) usage.memory = app["requests.memory"];
  return usage;
}

/** What one claim counts against a quota. */
export function claimUsage(requestedStorage: string | undefined): QuotaAmounts {
  return { persistentvolumeclaims: 1, "count/persistentvolumeclaims": 1, "requests.storage": parseQuantity(requestedStorage ?? "0") };
}

export const addAmounts = (...amounts: QuotaAmounts[]): QuotaAmounts => {
  const total: QuotaAmounts = {};
  for (const amount of amounts) for (const [resource, value] of Object.entries(amount)) total[resource] = (total[resource] ?? 0) + value;
  return total;
};

export interface QuotaShortfall {
  quota: string;
  resource: string;
  requested: number;
  used: number;
  hard: number;
}

/** The resources of a quota that adding `more` to `used` would exceed, each with its numbers. */
export function shortfallsOf(quota: { name: string; hard: Record<string, string> }, used: QuotaAmounts, more: QuotaAmounts): QuotaShortfall[] {
  return Object.entries(quota.hard).flatMap(([resource, hardText]) => {
    const requested = more[resource] ?? 0;
    if (requested === 0) return [];
    const hard = parseQuantity(hardText);
    const now = used[resource] ?? 0;
    // A small epsilon: "0.1 + 0.2" cores must still fit under "300m".
    return now + requested > hard + 1e-9 ? [{ quota: quota.name, resource, requested, used: now, hard }] : [];
  });
}

/** Shortfalls of one quota in the API server's own words: "requested: limits.cpu=500m,requests.cpu=100m, used: …, limited: …". */
export function describeShortfalls(shortfalls: QuotaShortfall[]): string {
  const sorted = [...shortfalls].sort((a, b) => a.resource.localeCompare(b.resource));
  const list = (value: (s: QuotaShortfall) => number) => sorted.map((s) => `${s.resource}=${formatQuantity(s.resource, value(s))}`).join(",");
  return `requested: ${list((s) => s.requested)}, used: ${list((s) => s.used)}, limited: ${list((s) => s.hard)}`;
}
