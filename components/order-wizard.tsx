"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Fragment, useEffect, useMemo, useState, useTransition } from "react";
import {
  Alert,
  Button,
  Card,
  CardBody,
  CardHeader,
  CardTitle,
  Checkbox,
  Flex,
  FlexItem,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  Gallery,
  HelperText,
  HelperTextItem,
  Radio,
  TextArea,
  TextInput,
  useWizardContext,
  Wizard,
  WizardFooterWrapper,
  WizardStep,
} from "@patternfly/react-core";
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
    validated: errors[field] ? ("error" as const) : ("default" as const),
    "aria-describedby": errors[field] ? `error-${field}` : undefined,
  });
  // Radios and checkboxes: the first of a group carries the field's id, so a wrong step focuses it.
  const firstOfGroup = (field: Field, isFirst: boolean, own: string) => ({ id: isFirst ? `field-${field}` : own, "aria-describedby": errors[field] ? `error-${field}` : undefined });
  const error = (field: Field) => <FieldError field={field} message={errors[field]} />;
  const hint = (text: React.ReactNode, id?: string) => (
    <FormHelperText>
      <HelperText id={id} aria-live="polite">
        <HelperTextItem>{text}</HelperTextItem>
      </HelperText>
    </FormHelperText>
  );

  const regionNames = rules.regions;
  const toggle = <T,>(list: T[], item: T) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

  const estimateLine = estimate && (
    <p className="estimate" data-testid="estimate">
      Estimated cost: <strong>{formatMoney(estimate.monthly, estimate.currency)} a month</strong> for {estimate.lines.length} namespace{estimate.lines.length === 1 ? "" : "s"}.
    </p>
  );
  const steps = [
    <FormGroup key="profile" role="radiogroup" fieldId="field-profile" label="Which profile does the application need?" isRequired>
      <Gallery hasGutter minWidths={{ default: "240px" }}>
        {PROFILES.map((p) => (
          <Card key={p} id={`profile-card-${p}`} isSelectable isSelected={values.profile === p} isCompact>
            <CardHeader
              selectableActions={{
                selectableActionId: p === PROFILES[0] ? "field-profile" : `profile-${p}`,
                selectableActionAriaLabelledby: `profile-title-${p}`,
                selectableActionProps: { "aria-describedby": `profile-summary-${p}${errors.profile ? " error-profile" : ""}` },
                name: "profile",
                variant: "single",
                isChecked: values.profile === p,
                onChange: () => set("profile", p),
              }}
            >
              <CardTitle id={`profile-title-${p}`}>{PROFILE_INFO[p].label}</CardTitle>
            </CardHeader>
            <CardBody id={`profile-summary-${p}`}>
              <p>{PROFILE_INFO[p].summary}</p>
              <p className="muted">{PROFILE_INFO[p].protects}</p>
              <p className="muted">{PROFILE_INFO[p].aims}</p>
              <p className="muted">
                Regions: {PROFILE_INFO[p].regions}. From {formatMoney(estimateMonthlyCost(costModel, p, "SMALL", planNamespaces({ profile: p, applicationName: "x", environments: ["prod"], regions: p === "SINGLE_SITE" ? ["r"] : ["r", "s"] })).monthly, costModel.currency)} a month for a small production.
              </p>
            </CardBody>
          </Card>
        ))}
      </Gallery>
      {error("profile")}
    </FormGroup>,
    <Fragment key="details">
      <FormGroup label="Application name" fieldId="field-applicationName" isRequired>
        <TextInput {...fieldProps("applicationName")} value={values.applicationName} onChange={(_e, value) => set("applicationName", value.toLowerCase())} autoComplete="off" spellCheck={false} maxLength={60} />
        {hint(<>Lower-case letters, digits and dashes; its namespaces are called {values.applicationName || "name"}-prod and so on.</>)}
        {errors.applicationName
          ? error("applicationName")
          : name.length >= 2 && (
              <FormHelperText>
                <HelperText role="status" aria-live="polite" data-testid="name-check">
                  <HelperTextItem variant={nameCheck.isFetching ? "default" : nameProblem ? "error" : "success"} screenReaderText="">
                    {nameCheck.isFetching ? "Checking…" : nameProblem ? nameProblem : nameCheck.data?.ok ? `“${name}” is free.` : ""}
                  </HelperTextItem>
                </HelperText>
              </FormHelperText>
            )}
      </FormGroup>
      <FormGroup label="Description" fieldId="field-description" isRequired>
        <TextArea {...fieldProps("description")} rows={2} resizeOrientation="vertical" value={values.description} onChange={(_e, value) => set("description", value)} maxLength={ORDER_TEXT_LIMITS.description} />
        {hint(`${ORDER_TEXT_LIMITS.description - values.description.length} characters left`)}
        {error("description")}
      </FormGroup>
      <FormGroup label="Owner group" fieldId="field-ownerGroup" isRequired>
        {ownerGroups.length > 0 ? (
          <FormSelect {...fieldProps("ownerGroup")} value={values.ownerGroup} onChange={(_e, value) => set("ownerGroup", value)}>
            <FormSelectOption value="" label="Choose a group…" isPlaceholder />
            {ownerGroups.map((g) => (
              <FormSelectOption key={g} value={g} label={g} />
            ))}
          </FormSelect>
        ) : (
          <TextInput {...fieldProps("ownerGroup")} value={values.ownerGroup} onChange={(_e, value) => set("ownerGroup", value)} />
        )}
        {hint("Gets edit rights in every namespace of the application.")}
        {error("ownerGroup")}
      </FormGroup>
      <FormGroup role="group" label="Environments" fieldId="field-environments" isInline isRequired>
        {ENVIRONMENTS.map((env) => (
          <Checkbox key={env} {...firstOfGroup("environments", env === ENVIRONMENTS[0], `environment-${env}`)} label={env} isChecked={values.environments.includes(env)} onChange={() => set("environments", toggle(values.environments, env))} />
        ))}
        {values.profile === "DR" && hint(`DR adds the ${values.applicationName || "name"}-dr namespace in the DR region.`)}
        {error("environments")}
      </FormGroup>
      {values.profile === "DR" ? (
        <FormGroup role="group" label="Regions" fieldId="field-regions" isRequired>
          <Flex gap={{ default: "gapMd" }}>
            {(["Primary region", "DR region"] as const).map((label, index) => (
              <FlexItem key={label}>
                <label htmlFor={index === 0 ? "field-regions" : "field-dr-region"}>{label}</label>
                <FormSelect
                  {...(index === 0 ? fieldProps("regions") : { id: "field-dr-region", validated: errors.regions ? ("error" as const) : ("default" as const) })}
                  value={values.regions[index] ?? ""}
                  onChange={(_e, value) => {
                    const regions = [values.regions[0] ?? "", values.regions[1] ?? ""];
                    regions[index] = value;
                    set("regions", regions.filter(Boolean).length === 2 ? regions : regions.filter(Boolean));
                  }}
                >
                  <FormSelectOption value="" label="Choose…" isPlaceholder />
                  {regionNames.map((r) => (
                    <FormSelectOption key={r} value={r} label={regionLabels[r] ?? r} />
                  ))}
                </FormSelect>
              </FlexItem>
            ))}
          </Flex>
          {error("regions")}
        </FormGroup>
      ) : (
        <FormGroup role={values.profile === "SINGLE_SITE" ? "radiogroup" : "group"} label="Regions" fieldId="field-regions" isInline isRequired>
          {regionNames.map((r) => {
            const props = { ...firstOfGroup("regions", r === regionNames[0], `region-${r}`), label: regionLabels[r] ?? r, isChecked: values.regions.includes(r) };
            return values.profile === "SINGLE_SITE" ? <Radio key={r} {...props} name="regions" onChange={() => set("regions", [r])} /> : <Checkbox key={r} {...props} onChange={() => set("regions", toggle(values.regions, r))} />;
          })}
          {values.profile === "MULTI_SITE" && hint("Three are recommended, for quorum.")}
          {error("regions")}
        </FormGroup>
      )}
      <FormGroup role="radiogroup" label="Quota size (per namespace)" fieldId="field-quotaSize" isStack isRequired>
        {QUOTA_SIZES.map((size) => (
          <Radio
            key={size}
            {...firstOfGroup("quotaSize", size === QUOTA_SIZES[0], `quota-${size}`)}
            name="quotaSize"
            isChecked={values.quotaSize === size}
            onChange={() => set("quotaSize", size)}
            label={
              <>
                {QUOTA_INFO[size].label} <span className="muted">({QUOTA_INFO[size].cpu}, {QUOTA_INFO[size].memory}, {QUOTA_INFO[size].storage})</span>
              </>
            }
          />
        ))}
        {error("quotaSize")}
      </FormGroup>
    </Fragment>,
    <Fragment key="cost">
      <FormGroup label="Cost center" fieldId="field-costCenter" isRequired>
        <TextInput {...fieldProps("costCenter")} value={values.costCenter} onChange={(_e, value) => set("costCenter", value)} placeholder={rules.costCenter.example} autoComplete="off" maxLength={ORDER_TEXT_LIMITS.costCenter} />
        {error("costCenter")}
      </FormGroup>
      <FormGroup label="Justification" fieldId="field-justification" isRequired>
        <TextArea {...fieldProps("justification")} rows={4} resizeOrientation="vertical" value={values.justification} onChange={(_e, value) => set("justification", value)} maxLength={ORDER_TEXT_LIMITS.justification} />
        {hint(`What the application is for and why it needs this profile; the approver reads it. ${ORDER_TEXT_LIMITS.justification - values.justification.length} characters left.`)}
        {error("justification")}
      </FormGroup>
    </Fragment>,
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
    <Form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (index < ORDER_STEPS.length - 1) advance(index, wizard);
        else submit(wizard);
      }}
    >
      {children}
    </Form>
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
