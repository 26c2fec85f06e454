"use client";

import { ActionGroup, Alert, Button, Checkbox, Form, FormGroup, FormHelperText, HelperText, HelperTextItem, Radio, TextArea, TextInput } from "@patternfly/react-core";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { startRegionFailoverAction } from "@/lib/actions/runs/start-region-failover";
import { startRebalanceAction } from "@/lib/actions/runs/start-rebalance";
import { startRunAction } from "@/lib/actions/runs/start-run";

type Target = { kind: "FAILOVER" | "FAILBACK" | "DRILL"; applicationName: string } | { kind: "REGION" | "REBALANCE"; region: string; returnTo?: string };

/**
 * The last step before a failover: a reason for the audit log, and the application's (or the
 * region's) name typed exactly, so nobody moves the wrong thing by a slip. The server checks it
 * all again.
 */
export function GuardForm({ target, verb, forcedRecommended, blocked }: { target: Target; verb: string; forcedRecommended: boolean; blocked: boolean }) {
  const router = useRouter();
  const word = "region" in target ? target.region : target.applicationName;
  const [confirmation, setConfirmation] = useState("");
  const [reason, setReason] = useState("");
  const [mode, setMode] = useState<"NORMAL" | "FORCED">(forcedRecommended ? "FORCED" : "NORMAL");
  const [freeCapacity, setFreeCapacity] = useState(false);
  const [result, setResult] = useState<{ error: string; fieldErrors?: Record<string, string[]> } | null>(null);
  const [pending, startTransition] = useTransition();
  const matches = confirmation === word;
  const withModes = target.kind !== "DRILL" && target.kind !== "REBALANCE";

  return (
    <Form
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          if (target.kind === "REBALANCE") {
            const answer = await startRebalanceAction({ reason, confirmation, region: target.region });
            if (answer.ok) router.push(target.returnTo ?? "/");
            else setResult(answer);
          } else if (target.kind === "REGION") {
            const answer = await startRegionFailoverAction({ mode, reason, confirmation, region: target.region });
            if (answer.ok) router.push(`/region-failovers/${answer.data.regionFailoverId}`);
            else setResult(answer);
          } else if ("applicationName" in target) {
            const answer = await startRunAction({ mode, reason, confirmation, applicationName: target.applicationName, kind: target.kind, freeCapacity });
            if (answer.ok) router.push(`/runs/${answer.data.runId}`);
            else setResult(answer);
          }
        });
      }}
    >
      {withModes && (
        <FormGroup role="radiogroup" isStack fieldId="guard-mode" label="Mode">
          <Radio id="guard-mode-normal" name="mode" label="Normal: export the source, stop it cleanly, then move everything." isChecked={mode === "NORMAL"} onChange={() => setMode("NORMAL")} />
          <Radio id="guard-mode-forced" name="mode" label="Forced: the source region is unreachable. Use the last export, do not stop the source, force-detach its volumes." isChecked={mode === "FORCED"} onChange={() => setMode("FORCED")} />
          {target.kind !== "REGION" && (
            <Checkbox id="guard-free-capacity" name="freeCapacity" label="Scale dev and test in the target region to 0 to free room on its nodes (not in quotas)" isChecked={freeCapacity} onChange={(_, checked) => setFreeCapacity(checked)} />
          )}
        </FormGroup>
      )}
      <FormGroup label="Reason" isRequired fieldId="guard-reason">
        <TextArea
          id="guard-reason"
          name="reason"
          rows={2}
          isRequired
          maxLength={1000}
          value={reason}
          onChange={(_, value) => setReason(value)}
          placeholder="e.g. europe-west storage outage, incident INC-4211"
          validated={result?.fieldErrors?.reason ? "error" : "default"}
          aria-describedby="guard-reason-help"
        />
        <FormHelperText>
          <HelperText id="guard-reason-help">
            <HelperTextItem variant={result?.fieldErrors?.reason ? "error" : "default"}>{result?.fieldErrors?.reason?.[0] ?? `It goes into the audit log. ${reason.length}/1000`}</HelperTextItem>
          </HelperText>
        </FormHelperText>
      </FormGroup>
      <FormGroup label={`Type ${word} to confirm`} isRequired fieldId="guard-confirmation">
        <TextInput
          id="guard-confirmation"
          name="confirmation"
          autoComplete="off"
          spellCheck={false}
          value={confirmation}
          onChange={(_, value) => setConfirmation(value)}
          validated={result?.fieldErrors?.confirmation ? "error" : matches ? "success" : "default"}
          data-testid="confirm-name"
          aria-describedby="guard-confirmation-help"
        />
        <FormHelperText>
          <HelperText id="guard-confirmation-help">
            <HelperTextItem variant={result?.fieldErrors?.confirmation ? "error" : "default"}>
              {result?.fieldErrors?.confirmation?.[0] ?? (matches ? "The name matches." : "The button unlocks when the name matches exactly.")}
            </HelperTextItem>
          </HelperText>
        </FormHelperText>
      </FormGroup>
      {result && !result.fieldErrors && <Alert variant="danger" isInline title={result.error} role="alert" />}
      <ActionGroup>
        <Button type="submit" variant={target.kind === "DRILL" || target.kind === "REBALANCE" ? "primary" : "danger"} isDisabled={pending || !matches || blocked} isLoading={pending}>
          {pending ? "Starting…" : verb}
        </Button>
      </ActionGroup>
    </Form>
  );
}
