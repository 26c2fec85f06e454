import { securityBlock } from "@/lib/selinux/security-block";

/**
 * The blocks the portal gives out: CONTINUUM_BLOCK_RANGE, default 50000-59999 (UIDs
 * 1500000000-1599999999). Keep the clusters' own allocators out of it: OpenShift does not know
 * about a block set by annotation and could hand it to a namespace created by hand.
 */
export interface BlockRange {
  first: number;
  last: number;
}

export function loadBlockRange(env: Record<string, string | undefined>): BlockRange {
  const raw = env.CONTINUUM_BLOCK_RANGE ?? "50000-59999";
  const match = raw.match(/^(\d+)-(\d+)$/);
  if (!match || Number(match[1]) > Number(match[2])) throw new Error(`CONTINUUM_BLOCK_RANGE must look like 50000-59999 (first-last block), not "${raw}".`);
  securityBlock(Number(match[2])); // throws when beyond what MCS labels can express
  return { first: Number(match[1]), last: Number(match[2]) };
}
