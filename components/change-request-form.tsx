"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { requestChangeAction } from "@/lib/actions/applications/request-change";
import { changeRefusal, namespacesAfterChange, type ApplicationShape } from "@/lib/changes/change-rules";
import { estimateMonthlyCost, formatMoney, type CostModel } from "@/lib/pricing/cost-model";
import { QUOTA_INFO, QUOTA_SIZES, type QuotaSizeName } from "@/lib/quotas/quotas";
import { FieldError } from "./field-error";

type Field = "quotaSize" | "addRegions" | "justification";

/**
 * Asks for a change of an application: another quota size, and for multi-site more regions, with
 * what it costs a month before and after as you choose. The same rules as the server's run here
 * first, so an impossible change is explained before it is sent.
 */
export function ChangeRequestForm({ application, regionsToAdd, regionLabels, costModel }: { application: ApplicationShape; regionsToAdd: string[]; regionLabels: Record<string, string>; costModel: CostModel }) {
  const router = useRouter();
  const [quotaSize, setQuotaSize] = useState<QuotaSizeName>(application.quotaSize);
  const [addRegions, setAddRegions] = useState<string[]>([]);
  const [justification, setJustification] = useState("");
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const before = estimateMonthlyCost(costModel, application.profile, application.quotaSize, application.namespaces).monthly;
  const after = estimateMonthlyCost(costModel, application.profile, quotaSize, namespacesAfterChange(application, addRegions)).monthly;
  const unchanged = changeRefusal(application, { quotaSize, addRegions })?.quotaSize?.[0];
  const error = (field: Field) => <FieldError field={field} message={errors[field]} />;

  return (
    <form
      className="card form"
      aria-label={`Ask to change ${application.name}`}
      onSubmit={(event) => {
        event.preventDefault();
        setFormError(null);
        startTransition(async () => {
          const result = await requestChangeAction({ applicationName: application.name, quotaSize, addRegions, justification });
          if (result.ok) return router.push(`/orders/${result.data.orderId}?submitted=1`);
          setFormError(result.error);
          setErrors(Object.fromEntries(Object.entries(result.fieldErrors ?? {}).map(([field, messages]) => [field, messages.join(" ")])));
        });
      }}
    >
      <fieldset>
        <legend>Quota size (per namespace, in every namespace of the application)</legend>
        <div className="inline">
          {QUOTA_SIZES.map((size) => (
            <label key={size} className="inline">
              <input type="radio" name="quotaSize" checked={quotaSize === size} onChange={() => setQuotaSize(size)} aria-describedby={errors.quotaSize ? "error-quotaSize" : undefined} />
              {QUOTA_INFO[size].label} <span className="muted">({QUOTA_INFO[size].cpu}, {QUOTA_INFO[size].memory}, {QUOTA_INFO[size].storage})</span>
              {size === application.quotaSize && <span className="badge">now</span>}
            </label>
          ))}
        </div>
        {QUOTA_SIZES.indexOf(quotaSize) < QUOTA_SIZES.indexOf(application.quotaSize) && (
          <p className="notice" data-testid="quota-shrinks">
            A smaller quota does not stop what runs now, but once a namespace uses more than it allows, new pods and volume claims there are refused, including those a failover starts. Check what each namespace uses first.
          </p>
        )}
        {error("quotaSize")}
      </fieldset>
      <fieldset>
        <legend>Regions to add</legend>
        {application.profile !== "MULTI_SITE" ? (
          <p className="muted">{application.profile === "DR" ? "A DR application keeps its primary and DR region." : "A single-site application stays in its region."} Only multi-site applications gain regions.</p>
        ) : regionsToAdd.length === 0 ? (
          <p className="muted">It already runs in every region that can be ordered in.</p>
        ) : (
          <div className="inline">
            {regionsToAdd.map((region) => (
              <label key={region} className="inline">
                <input type="checkbox" checked={addRegions.includes(region)} onChange={() => setAddRegions(addRegions.includes(region) ? addRegions.filter((r) => r !== region) : [...addRegions, region])} />
                {regionLabels[region] ?? region} <span className="mono muted">({application.name}-prod)</span>
              </label>
            ))}
          </div>
        )}
        {error("addRegions")}
      </fieldset>
      <label>
        Why is the change needed? <span className="muted">(the approver reads this)</span>
        <textarea rows={3} value={justification} onChange={(e) => setJustification(e.target.value)} maxLength={2100} aria-describedby={errors.justification ? "error-justification" : undefined} />
        {error("justification")}
      </label>
      <p data-testid="change-estimate">
        Monthly, at today&apos;s prices: {formatMoney(before, costModel.currency)} now → <strong>{formatMoney(after, costModel.currency)}</strong> after ({after >= before ? "+" : "−"}
        {formatMoney(Math.abs(after - before), costModel.currency)}).
      </p>
      {formError && !Object.keys(errors).length && (
        <div className="error" role="alert">
          {formError}
        </div>
      )}
      <button type="submit" disabled={pending || Boolean(unchanged)} title={unchanged}>
        {pending ? "Asking…" : "Ask for this change"}
      </button>
      {unchanged && <p className="muted">Choose another quota size{application.profile === "MULTI_SITE" ? " or a region to add" : ""}.</p>}
    </form>
  );
}
