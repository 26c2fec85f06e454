"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState, useTransition } from "react";
import { Alert, Button, useWizardContext, Wizard, WizardFooterWrapper, WizardStep } from "@patternfly/react-core";
import { checkApplicationNameAction } from "@/lib/actions/orders/check-application-name";
import { submitOrderAction } from "@/lib/actions/orders/submit-order";
import { estimateMonthlyCost, formatMoney, type CostModel } from "@/lib/pricing/cost-model";
import { ENVIRONMENTS, planNamespaces, PROFILE_INFO, PROFILES, type ProfileName } from "@/lib/profiles/profiles";
import { QUOTA_INFO, QUOTA_SIZES, type QuotaSizeName } from "@/lib/quotas/quotas";
import { ORDER_STEPS, ORDER_TEXT_LIMITS, orderInputSchema, type OrderInput, type OrderRuleSettings } from "@/lib/orders/order-rules";
import { FieldError } from "./field-error";

type WizardContextProps = ReturnType<typeof useWizardContext>;

interface Props {
  rules: OrderRuleSettings;
  regionLabels: Record<string, string>;
  costModel: CostModel;
  ownerGroups: string[];
}

type Field = keyof OrderInput;
type Values = Omit<OrderInput, "profile" | "quotaSize"> & { profile: ProfileName | ""; quotaSize: QuotaSizeName | "" };
type Errors = Partial<Record<Field, string>>;

const EMPTY: Values = {
  profile: "",
  applicationName: "",
  description: "",
  ownerGroup: "",
  environments: ["dev", "test", "prod"],
  regions: [],
  quotaSize: "SMALL",
  costCenter: "",
  justification: "",
};

function useDebounced<T>(value: T, ms: number) {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** The order form: four steps, each checked by the same schema the server uses. */
export function OrderWizard({ rules, regionLabels, costModel, ownerGroups }: Props) {
  const router = useRouter();
  const schema = useMemo(() => orderInputSchema(rules), [rules]);
  const [values, setValues] = useState<Values>({ ...EMPTY, ownerGroup: ownerGroups.length === 1 ? ownerGroups[0]! : "" });
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, startSubmit] = useTransition();

  const set = <K extends keyof Values>(field: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  /** The first message of each field that is wrong, among the given fields. */
  const errorsIn = (fields: readonly Field[]): Errors => {
    const result = schema.safeParse(values);
    if (result.success) return {};
    const found: Errors = {};
    for (const issue of result.error.issues) {
      const field = issue.path[0] as Field;
      if (fields.includes(field) && !found[field]) found[field] = issue.message;
    }
    return found;
  };

  const name = useDebounced(values.applicationName.trim(), 300);
  const nameCheck = useQuery({
    queryKey: ["application-name", name],
    queryFn: () => checkApplicationNameAction({ name }),
    enabled: name.length >= 2,
    staleTime: 5_000,
  });
  const nameProblem = nameCheck.data?.ok === false ? (nameCheck.data.fieldErrors?.name?.[0] ?? nameCheck.data.error) : nameCheck.data?.ok && !nameCheck.data.data.available ? nameCheck.data.data.reason : null;

  const plan = values.profile && values.applicationName && values.regions.length ? planNamespaces({ ...values, profile: values.profile, applicationName: values.applicationName.trim() }) : [];
  const estimate = values.profile && values.quotaSize && plan.length ? estimateMonthlyCost(costModel, values.profile, values.quotaSize, plan) : null;

  /** Checks a step's fields with the server's schema; moves on only when they are right, else focuses the first wrong one. */
  const advance = (index: number, wizard: WizardContextProps) => {
    const found = errorsIn(ORDER_STEPS[index]!.fields);
    if (index === 1 && nameProblem && !found.applicationName) found.applicationName = nameProblem;
    setErrors(found);
    if (Object.keys(found).length === 0) void wizard.goToNextStep();
    else document.getElementById(`field-${Object.keys(found)[0]}`)?.focus();
  };

  const submit = (wizard: WizardContextProps) => {
    setFormError(null);
    startSubmit(async () => {
      const result = await submitOrderAction(values as OrderInput);
      if (result.ok) {
        router.push(`/orders/${result.data.id}?submitted=1`);
        return;
      }
      setFormError(result.error);
      const fieldErrors = Object.fromEntries(Object.entries(result.fieldErrors ?? {}).map(([f, messages]) => [f, messages[0]])) as Errors;
      setErrors(fieldErrors);
      const firstBad = ORDER_STEPS.findIndex((s) => s.fields.some((f) => fieldErrors[f as Field]));
      // PatternFly counts steps from 1.
      if (firstBad >= 0) wizard.goToStepByIndex(firstBad + 1);
    });
  };

  const fieldProps = (field: Field) => ({
    id: `field-${field}`,
    "aria-invalid": errors[field] ? true : undefined,
    "aria-describedby": errors[field] ? `error-${field}` : undefined,
  });
  const error = (field: Field) => <FieldError field={field} message={errors[field]} />;

  const regionNames = rules.regions;
  const toggle = <T,>(list: T[], item: T) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

  const estimateLine = estimate && (
    <p className="estimate" data-testid="estimate">
      Estimated cost: <strong>{formatMoney(estimate.monthly, estimate.currency)} a month</strong> for {estimate.lines.length} namespace{estimate.lines.length === 1 ? "" : "s"}.
    </p>
  );
  const steps = [
    <>
          <fieldset>
            <legend>Which profile does the application need?</legend>
            <div className="choices">
              {PROFILES.map((p) => (
                <label key={p} className={`choice${values.profile === p ? " chosen" : ""}`}>
                  <input type="radio" name="profile" value={p} checked={values.profile === p} onChange={() => set("profile", p)} {...(p === PROFILES[0] ? fieldProps("profile") : {})} />
                  <strong>{PROFILE_INFO[p].label}</strong>
                  <span>{PROFILE_INFO[p].summary}</span>
                  <span className="muted">{PROFILE_INFO[p].protects}</span>
                  <span className="muted">{PROFILE_INFO[p].aims}</span>
                  <span className="muted">
                    Regions: {PROFILE_INFO[p].regions}. From {formatMoney(estimateMonthlyCost(costModel, p, "SMALL", planNamespaces({ profile: p, applicationName: "x", environments: ["prod"], regions: p === "SINGLE_SITE" ? ["r"] : ["r", "s"] })).monthly, costModel.currency)} a month for a small production.
                  </span>
                </label>
              ))}
            </div>
            {error("profile")}
          </fieldset>
    </>,
    <>
          <>
            <label>
              Application name
              <input
                {...fieldProps("applicationName")}
                value={values.applicationName}
                onChange={(e) => set("applicationName", e.target.value.toLowerCase())}
                autoComplete="off"
                spellCheck={false}
                maxLength={60}
              />
              <small className="muted">Lower-case letters, digits and dashes; its namespaces are called {values.applicationName || "name"}-prod and so on.</small>
              {errors.applicationName
                ? error("applicationName")
                : name.length >= 2 && (
                    <div className={nameProblem ? "error" : "success"} role="status" aria-live="polite" data-testid="name-check">
                      {nameCheck.isFetching ? "Checking…" : nameProblem ? nameProblem : nameCheck.data?.ok ? `“${name}” is free.` : ""}
                    </div>
                  )}
            </label>
            <label>
              Description
              <textarea {...fieldProps("description")} rows={2} value={values.description} onChange={(e) => set("description", e.target.value)} maxLength={ORDER_TEXT_LIMITS.description} />
              <small className="muted" aria-live="polite">{ORDER_TEXT_LIMITS.description - values.description.length} characters left</small>
              {error("description")}
            </label>
            <label>
              Owner group
              {ownerGroups.length > 0 ? (
                <select {...fieldProps("ownerGroup")} value={values.ownerGroup} onChange={(e) => set("ownerGroup", e.target.value)}>
                  <option value="">Choose a group…</option>
                  {ownerGroups.map((g) => (
                    <option key={g}>{g}</option>
                  ))}
                </select>
              ) : (
                <input {...fieldProps("ownerGroup")} value={values.ownerGroup} onChange={(e) => set("ownerGroup", e.target.value)} />
              )}
              <small className="muted">Gets edit rights in every namespace of the application.</small>
              {error("ownerGroup")}
            </label>
            <fieldset>
              <legend>Environments</legend>
              <div className="inline">
                {ENVIRONMENTS.map((env) => (
                  <label key={env} className="inline">
                    <input type="checkbox" checked={values.environments.includes(env)} onChange={() => set("environments", toggle(values.environments, env))} {...(env === "dev" ? fieldProps("environments") : {})} />
                    {env}
                  </label>
                ))}
                {values.profile === "DR" && <span className="muted">DR adds the {values.applicationName || "name"}-dr namespace in the DR region.</span>}
              </div>
              {error("environments")}
            </fieldset>
            <fieldset>
              <legend>Regions</legend>
              {values.profile === "DR" ? (
                <div className="inline">
                  {(["Primary region", "DR region"] as const).map((label, index) => (
                    <label key={label}>
                      {label}
                      <select
                        {...(index === 0 ? fieldProps("regions") : {})}
                        aria-label={label}
                        value={values.regions[index] ?? ""}
                        onChange={(e) => {
                          const regions = [values.regions[0] ?? "", values.regions[1] ?? ""];
                          regions[index] = e.target.value;
                          set("regions", regions.filter(Boolean).length === 2 ? regions : regions.filter(Boolean));
                        }}
                      >
                        <option value="">Choose…</option>
                        {regionNames.map((r) => (
                          <option key={r} value={r}>
                            {regionLabels[r] ?? r}
                          </option>
                        ))}
                      </select>
                    </label>
                  ))}
                </div>
              ) : (
                <div className="inline">
                  {regionNames.map((r) => (
                    <label key={r} className="inline">
                      <input
                        type={values.profile === "SINGLE_SITE" ? "radio" : "checkbox"}
                        name="regions"
                        checked={values.regions.includes(r)}
                        onChange={() => set("regions", values.profile === "SINGLE_SITE" ? [r] : toggle(values.regions, r))}
                        {...(r === regionNames[0] ? fieldProps("regions") : {})}
                      />
                      {regionLabels[r] ?? r}
                    </label>
                  ))}
                  {values.profile === "MULTI_SITE" && <span className="muted">Three are recommended, for quorum.</span>}
                </div>
              )}
              {error("regions")}
            </fieldset>
            <fieldset>
              <legend>Quota size (per namespace)</legend>
              <div className="inline">
                {QUOTA_SIZES.map((size) => (
                  <label key={size} className="inline">
                    <input type="radio" name="quotaSize" checked={values.quotaSize === size} onChange={() => set("quotaSize", size)} {...(size === "SMALL" ? fieldProps("quotaSize") : {})} />
                    {QUOTA_INFO[size].label} <span className="muted">({QUOTA_INFO[size].cpu}, {QUOTA_INFO[size].memory}, {QUOTA_INFO[size].storage})</span>
                  </label>
                ))}
              </div>
              {error("quotaSize")}
            </fieldset>
          </>
    </>,
    <>
          <>
            <label>
              Cost center
              <input {...fieldProps("costCenter")} value={values.costCenter} onChange={(e) => set("costCenter", e.target.value)} placeholder={rules.costCenter.example} autoComplete="off" maxLength={ORDER_TEXT_LIMITS.costCenter} />
              {error("costCenter")}
            </label>
            <label>
              Justification
              <textarea {...fieldProps("justification")} rows={4} value={values.justification} onChange={(e) => set("justification", e.target.value)} maxLength={ORDER_TEXT_LIMITS.justification} />
              <small className="muted">What the application is for and why it needs this profile; the approver reads it. {ORDER_TEXT_LIMITS.justification - values.justification.length} characters left.</small>
              {error("justification")}
            </label>
          </>
    </>,
          <dl key="review" className="review" data-testid="order-review">
            <dt>Profile</dt>
            <dd>{values.profile && PROFILE_INFO[values.profile].label}</dd>
            <dt>Application</dt>
            <dd className="mono">{values.applicationName}</dd>
            <dt>Description</dt>
            <dd>{values.description}</dd>
            <dt>Owner group</dt>
            <dd className="mono">{values.ownerGroup}</dd>
            <dt>Namespaces</dt>
            <dd>
              {plan.map((ns) => (
                <div key={`${ns.region}/${ns.name}`} className="mono">
                  {ns.name} in {regionLabels[ns.region] ?? ns.region}
                </div>
              ))}
            </dd>
            <dt>Quota</dt>
            <dd>{values.quotaSize && `${QUOTA_INFO[values.quotaSize].label} (${QUOTA_INFO[values.quotaSize].cpu}, ${QUOTA_INFO[values.quotaSize].memory}, ${QUOTA_INFO[values.quotaSize].storage} per namespace)`}</dd>
            <dt>Cost center</dt>
            <dd className="mono">{values.costCenter}</dd>
            <dt>Justification</dt>
            <dd>{values.justification}</dd>
          </dl>
  ];

  return (
    <Wizard navAriaLabel="Order steps" isVisitRequired height="auto" className="order-wizard" footer={<OrderFooter advance={advance} submit={submit} submitting={submitting} />}>
      {ORDER_STEPS.map((orderStep, index) => (
        <WizardStep key={orderStep.title} id={`order-step-${index}`} name={orderStep.title} status={ORDER_STEPS[index]!.fields.some((f) => errors[f]) ? "error" : "default"}>
          <StepForm index={index} advance={advance} submit={submit}>
            {steps[index]}
            {index >= 1 && estimateLine}
            {formError && index === ORDER_STEPS.length - 1 && <Alert variant="danger" isInline title={formError} role="alert" data-testid="form-error" />}
          </StepForm>
        </WizardStep>
      ))}
    </Wizard>
  );
}

type Advance = (index: number, wizard: WizardContextProps) => void;
type Submit = (wizard: WizardContextProps) => void;

/** A step's fields as a form, so Enter moves on (or submits on the last step) as the button does. */
function StepForm({ index, advance, submit, children }: { index: number; advance: Advance; submit: Submit; children: React.ReactNode }) {
  const wizard = useWizardContext();
  return (
    <form
      className="form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (index < ORDER_STEPS.length - 1) advance(index, wizard);
        else submit(wizard);
      }}
    >
      {children}
    </form>
  );
}

/** Next checks the step before moving on; the last step's button submits the order. */
function OrderFooter({ advance, submit, submitting }: { advance: Advance; submit: Submit; submitting: boolean }) {
  const wizard = useWizardContext();
  const index = wizard.activeStep.index - 1;
  const last = index === ORDER_STEPS.length - 1;
  return (
    <WizardFooterWrapper>
      <Button variant="primary" onClick={() => (last ? submit(wizard) : advance(index, wizard))} isDisabled={submitting} isLoading={submitting}>
        {last ? (submitting ? "Submitting…" : "Submit order") : "Next"}
      </Button>
      {index > 0 && (
        <Button variant="secondary" onClick={() => void wizard.goToPrevStep()} isDisabled={submitting}>
          Back
        </Button>
      )}
    </WizardFooterWrapper>
  );
}
