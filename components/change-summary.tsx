import { formatMoney } from "@/lib/pricing/cost-model";
import { QUOTA_INFO, type QuotaSizeName } from "@/lib/quotas/quotas";
import type { ChangeFrom } from "@/lib/changes/change-rules";

const quotaText = (size: QuotaSizeName) => `${QUOTA_INFO[size].label} (${QUOTA_INFO[size].cpu}, ${QUOTA_INFO[size].memory}, ${QUOTA_INFO[size].storage})`;

/** A change order at a glance: the application before and after, and what it costs a month. */
export function ChangeSummary({ from, quotaSize, addRegions, applicationName, monthlyAfter, currency }: { from: ChangeFrom; quotaSize: QuotaSizeName; addRegions: string[]; applicationName: string; monthlyAfter: number; currency: string }) {
  const difference = monthlyAfter - from.estimatedMonthlyCost;
  return (
    <section className="card" aria-labelledby="what-changes" data-testid="change-summary">
      <h2 id="what-changes">What changes</h2>
      <table>
        <thead>
          <tr>
            <th></th>
            <th>Now</th>
            <th>After</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Quota per namespace</th>
            <td>{quotaText(from.quotaSize)}</td>
            <td data-testid="change-quota">{from.quotaSize === quotaSize ? "unchanged" : quotaText(quotaSize)}</td>
          </tr>
          <tr>
            <th scope="row">Regions</th>
            <td className="mono">{from.regions.join(", ")}</td>
            <td className="mono" data-testid="change-regions">
              {addRegions.length ? `+ ${addRegions.map((r) => `${r} (${applicationName}-prod)`).join(", ")}` : "unchanged"}
            </td>
          </tr>
          <tr>
            <th scope="row">Monthly, at today&apos;s prices</th>
            <td>{formatMoney(from.estimatedMonthlyCost, currency)}</td>
            <td data-testid="change-cost">
              {formatMoney(monthlyAfter, currency)} ({difference >= 0 ? "+" : "−"}
              {formatMoney(Math.abs(difference), currency)})
            </td>
          </tr>
        </tbody>
      </table>
      {addRegions.length > 0 && <p className="muted">A new region&apos;s namespace gets the application&apos;s own SELinux level and UID range; the job stops, and says why, if another namespace there already holds them.</p>}
    </section>
  );
}
