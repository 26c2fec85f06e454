import type { Bucket } from "@/lib/regions/region-history";

const FILL: Record<Bucket, string> = {
  up: "var(--pf-t--global--color--status--success--default)",
  degraded: "var(--pf-t--global--color--status--warning--default)",
  down: "var(--pf-t--global--color--status--danger--default)",
  none: "var(--pf-t--global--border--color--default)",
};

/** A region's last day in half hours, oldest on the left: answered, in part, not at all, or not checked. */
export function HealthStrip({ buckets, label }: { buckets: Bucket[]; label: string }) {
  const counts = (["up", "degraded", "down", "none"] as const).map((b) => `${buckets.filter((x) => x === b).length} ${b === "none" ? "unchecked" : b}`).join(", ");
  return (
    <svg viewBox={`0 0 ${buckets.length * 4} 16`} width="100%" height="16" preserveAspectRatio="none" role="img" aria-label={`${label}: half hours of the last day, ${counts}`} className="health-strip">
      {buckets.map((bucket, i) => (
        <rect key={i} x={i * 4} y={0} width={3} height={16} rx={0.5} fill={FILL[bucket]}>
          <title>{bucket}</title>
        </rect>
      ))}
    </svg>
  );
}
