import { SimpleTable } from "./simple-table";
import { formatMoney } from "@/lib/pricing/cost-model";
import { QUOTA_INFO, type QuotaSizeName } from "@/lib/quotas/quotas";
import type { ChangeFrom } from "@/lib/changes/change-rules";
import { Panel } from "@/components/panel";

const quotaText = (size: QuotaSizeName) => `${QUOTA_INFO[size].label} (${QUOTA_INFO[size].cpu}, ${QUOTA_INFO[size].memory}, ${QUOTA_INFO[size].storage})`;

/** A change order at a glance: the application before and after, and what it costs a month. */
export function ChangeSummary({ from, quotaSize, addRegions, applicationName, monthlyAfter, currency }: { from: ChangeFrom; quotaSize: QuotaSizeName; addRegions: string[]; applicationName: string; monthlyAfter: number; currency: string }) {
  const difference = monthlyAfter - from.estimatedMonthlyCost;
  return (
    <Panel as="section" aria-labelledby="what-changes" data-testid="change-summary">
      <h2 id="what-changes">What changes</h2>
      <SimpleTable
        label="What changes"
        columns={[
          { key: "what", title: "What" },
          { key: "now", title: "Now" },
          { key: "after", title: "After" },
        ]}
        rows={[
          { id: "quota", cells: { what: "Quota per namespace", now: quotaText(from.quotaSize), after: <span data-testid="change-quota">{from.quotaSize === quotaSize ? "unchanged" : quotaText(quotaSize)}</span> } },
          {
            id: "regions",
            cells: {
              what: "Regions",
              now: <span className="mono">{from.regions.join(", ")}</span>,
              after: (
                <span className="mono" data-testid="change-regions">
                  {addRegions.length ? `+ ${addRegions.map((r) => `${r} (${applicationName}-prod)`).join(", ")}` : "unchanged"}
                </span>
              ),
            },
          },
          {
            id: "cost",
            cells: {
              what: "Monthly, at today's prices",
              now: formatMoney(from.estimatedMonthlyCost, currency),
              after: (
                <span data-testid="change-cost">
                  {formatMoney(monthlyAfter, currency)} ({difference >= 0 ? "+" : "−"}
                  {formatMoney(Math.abs(difference), currency)})
                </span>
              ),
            },
          },
        ]}
      />
      {addRegions.length > 0 && <p className="muted">A new region&apos;s namespace gets the application&apos;s own SELinux level and UID range; the job stops, and says why, if another namespace there already holds them.</p>}
    </Panel>
  );
}
