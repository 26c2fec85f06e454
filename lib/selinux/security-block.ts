// A security block: the SELinux MCS level and the UID range (also the supplemental groups) that
// every namespace of one application carries in every region, as OpenShift's three
// openshift.io/sa.scc.* annotations. Block n is UID range 1000000000 + n·10000, size 10000, and
// the n-th MCS pair in OpenShift's order (c1,c0; c2,c0; c2,c1; c3,c0; …).

export const SCC_MCS = "openshift.io/sa.scc.mcs";
export const SCC_UID_RANGE = "openshift.io/sa.scc.uid-range";
export const SCC_SUPPLEMENTAL_GROUPS = "openshift.io/sa.scc.supplemental-groups";

export const UID_BASE = 1_000_000_000;
export const BLOCK_SIZE = 10_000;
/** OpenShift labels have 1024 categories: this many distinct pairs. */
const MCS_PAIRS = (1024 * 1023) / 2;

export function mcsLabelOfBlock(block: number): string {
  // high is the smallest h with h(h+1)/2 > block
  const high = Math.floor((Math.sqrt(8 * block + 1) + 1) / 2);
  const low = block - ((high - 1) * high) / 2;
  return `s0:c${high},c${low}`;
}

export function blockOfMcsLabel(label: string | undefined): number | null {
  const match = label?.match(/^s0:c(\d+),c(\d+)$/);
  if (!match) return null;
  let [high, low] = [Number(match[1]), Number(match[2])];
  if (low > high) [high, low] = [low, high];
  if (high === low) return null;
  return ((high - 1) * high) / 2 + low;
}

export const uidRangeOfBlock = (block: number) => `${UID_BASE + block * BLOCK_SIZE}/${BLOCK_SIZE}`;

export function blockOfUidRange(range: string | undefined): number | null {
  const match = range?.match(/^(\d+)\/(\d+)$/);
  if (!match) return null;
  const start = Number(match[1]);
  return (start - UID_BASE) % BLOCK_SIZE === 0 && start >= UID_BASE ? (start - UID_BASE) / BLOCK_SIZE : null;
}

export interface SecurityBlockValues {
  block: number;
  mcs: string;
  uidRange: string;
}

export function securityBlock(block: number): SecurityBlockValues {
  if (!Number.isInteger(block) || block < 0 || block >= MCS_PAIRS) throw new RangeError(`security block ${block} is outside 0–${MCS_PAIRS - 1}`);
  return { block, mcs: mcsLabelOfBlock(block), uidRange: uidRangeOfBlock(block) };
}

/** The MCS level and UID range of a block as the database keeps it (SecurityBlock row). */
export function blockValuesOf(row: { mcs: string; uidRangeStart: number; uidRangeSize: number }): Pick<SecurityBlockValues, "mcs" | "uidRange"> {
  return { mcs: row.mcs, uidRange: `${row.uidRangeStart}/${row.uidRangeSize}` };
}

/** The three annotations of a block, as set on every namespace of its application. */
export function sccAnnotations(values: Pick<SecurityBlockValues, "mcs" | "uidRange">): Record<string, string> {
  return { [SCC_MCS]: values.mcs, [SCC_UID_RANGE]: values.uidRange, [SCC_SUPPLEMENTAL_GROUPS]: values.uidRange };
}

/** Which of the three annotations differ from the block, with what is there instead. */
export function sccDrift(annotations: Record<string, string>, values: Pick<SecurityBlockValues, "mcs" | "uidRange">) {
  return Object.entries(sccAnnotations(values))
    .filter(([key, wanted]) => annotations[key] !== wanted)
    .map(([key, wanted]) => ({ annotation: key, wanted, actual: annotations[key] ?? null }));
}

/** The blocks a namespace's annotations hold, by either MCS or UID range (they can disagree). */
export function blocksHeldBy(annotations: Record<string, string>): number[] {
  return [blockOfMcsLabel(annotations[SCC_MCS]), blockOfUidRange(annotations[SCC_UID_RANGE])].filter((b): b is number => b !== null);
}
