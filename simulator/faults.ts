import { z } from "zod";

// Faults an operator or a test sets on a region at run time (through the admin endpoint).

export const RegionFaultsSchema = z.object({
  /** The region's cluster API drops every connection, as an unreachable site does. */
  down: z.boolean(),
  /** The region's OpenStack project answers every Cinder call with 503. */
  storageDown: z.boolean(),
  /** Added to every call to the region's cluster API and Cinder project. */
  latencyMs: z.number().int().min(0).max(120_000),
  /** Share (0..1) of calls answered with `failureStatus` instead. */
  failureRate: z.number().min(0).max(1),
  failureStatus: z.union([z.literal(500), z.literal(503)]),
  /** The next N calls fail (counted down), for tests that need certainty. */
  failNextCalls: z.number().int().min(0),
  /** The next N volume-transfer accepts into this region's project fail with 500. */
  failTransferAccepts: z.number().int().min(0),
});

export type RegionFaults = z.infer<typeof RegionFaultsSchema>;

export const NO_FAULTS: RegionFaults = {
  down: false,
  storageDown: false,
  latencyMs: 0,
  failureRate: 0,
  failureStatus: 503,
  failNextCalls: 0,
  failTransferAccepts: 0,
};

export class FaultBoard {
  private readonly faults = new Map<string, RegionFaults>();
  /** Calls each region failed on purpose since the simulator started, for operators and tests to see the faults bite. */
  readonly failedCalls = new Map<string, number>();

  constructor(readonly regions: string[]) {
    for (const region of regions) this.faults.set(region, { ...NO_FAULTS });
  }

  get(region: string): RegionFaults {
    const faults = this.faults.get(region);
    if (!faults) throw new Error(`unknown region ${region}`);
    return faults;
  }

  set(region: string, change: Partial<RegionFaults>): RegionFaults {
    const next = RegionFaultsSchema.parse({ ...this.get(region), ...change });
    this.faults.set(region, next);
    return next;
  }

  clear(region?: string) {
    for (const name of region ? [region] : this.regions) this.faults.set(name, { ...NO_FAULTS });
  }

  /** Decides whether this call fails; counts `failNextCalls` down. */
  failsNow(region: string): number | null {
    const faults = this.get(region);
    let status: number | null = null;
    if (faults.failNextCalls > 0) {
      faults.failNextCalls--;
      status = faults.failureStatus;
    } else if (faults.failureRate > 0 && Math.random() < faults.failureRate) {
      status = faults.failureStatus;
    }
    if (status !== null) this.failedCalls.set(region, (this.failedCalls.get(region) ?? 0) + 1);
    return status;
  }

  takeTransferAcceptFailure(region: string): boolean {
    const faults = this.get(region);
    if (faults.failTransferAccepts <= 0) return false;
    faults.failTransferAccepts--;
    return true;
  }
}
