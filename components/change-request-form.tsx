"use client";

import { ActionGroup, Alert, Button, Checkbox, Form, FormGroup, Label, Radio, TextArea } from "@patternfly/react-core";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { requestChangeAction } from "@/lib/actions/applications/request-change";
import { changeRefusal, namespacesAfterChange, type ApplicationShape } from "@/lib/changes/change-rules";
import { estimateMonthlyCost, formatMoney, type CostModel } from "@/lib/pricing/cost-model";
import { QUOTA_INFO, QUOTA_SIZES, type QuotaSizeName } from "@/lib/quotas/quotas";
import { FieldError } from "./field-error";
import { Panel } from "@/components/panel";

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
    <Panel>
      <Form
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
        <FormGroup role="radiogroup" isStack fieldId="quotaSize" label="Quota size (per namespace, in every namespace of the application)">
          {QUOTA_SIZES.map((size) => (
            <Radio
              key={size}
              id={`quota-${size}`}
              name="quotaSize"
              isChecked={quotaSize === size}
              onChange={() => setQuotaSize(size)}
              aria-describedby={errors.quotaSize ? "error-quotaSize" : undefined}
              label={
                <>
                  {QUOTA_INFO[size].label} <span className="muted">({QUOTA_INFO[size].cpu}, {QUOTA_INFO[size].memory}, {QUOTA_INFO[size].storage})</span>
                  {size === application.quotaSize && (
                    <>
                      {" "}
                      <Label isCompact>now</Label>
                    </>
                  )}
                </>
              }
            />
          ))}
          {QUOTA_SIZES.indexOf(quotaSize) < QUOTA_SIZES.indexOf(application.quotaSize) && (
            <Alert variant="warning" isInline isPlain data-testid="quota-shrinks" title="A smaller quota does not stop what runs now">
              But once a namespace uses more than it allows, new pods and volume claims there are refused, including those a failover starts. Check what each namespace uses first.
            </Alert>
          )}
          {error("quotaSize")}
        </FormGroup>
        <FormGroup role="group" isStack fieldId="addRegions" label="Regions to add">
          {application.profile !== "MULTI_SITE" ? (
            <p className="muted">{application.profile === "DR" ? "A DR application keeps its primary and DR region." : "A single-site application stays in its region."} Only multi-site applications gain regions.</p>
          ) : regionsToAdd.length === 0 ? (
            <p className="muted">It already runs in every region that can be ordered in.</p>
          ) : (
            regionsToAdd.map((region) => (
              <Checkbox
                key={region}
                id={`add-${region}`}
                isChecked={addRegions.includes(region)}
                onChange={() => setAddRegions(addRegions.includes(region) ? addRegions.filter((r) => r !== region) : [...addRegions, region])}
                label={
                  <>
                    {regionLabels[region] ?? region} <span className="mono muted">({application.name}-prod)</span>
                  </>
                }
              />
            ))
          )}
          {error("addRegions")}
        </FormGroup>
        <FormGroup
          fieldId="change-justification"
          label={
            <>
              Why is the change needed? <span className="muted">(the approver reads this)</span>
            </>
          }
        >
          <TextArea id="change-justification" rows={3} value={justification} onChange={(_e, value) => setJustification(value)} maxLength={2100} resizeOrientation="vertical" validated={errors.justification ? "error" : "default"} aria-describedby={errors.justification ? "error-justification" : undefined} />
          {error("justification")}
        </FormGroup>
        <p data-testid="change-estimate">
          Monthly, at today&apos;s prices: {formatMoney(before, costModel.currency)} now → <strong>{formatMoney(after, costModel.currency)}</strong> after ({after >= before ? "+" : "−"}
          {formatMoney(Math.abs(after - before), costModel.currency)}).
        </p>
        {formError && !Object.keys(errors).length && <Alert variant="danger" isInline title={formError} role="alert" />}
        <ActionGroup>
          <Button type="submit" isDisabled={pending || Boolean(unchanged)} isLoading={pending}>
            {pending ? "Asking…" : "Ask for this change"}
          </Button>
          {unchanged && <span className="muted">Choose another quota size{application.profile === "MULTI_SITE" ? " or a region to add" : ""}.</span>}
        </ActionGroup>
      </Form>
    </Panel>
  );
}
