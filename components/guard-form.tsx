"use client";

import { ActionGroup, Button, Checkbox, Form, FormGroup, FormHelperText, HelperText, HelperTextItem, Radio, TextArea } from "@patternfly/react-core";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmModal, type ConfirmResult } from "./confirm-modal";
import { startRegionFailoverAction } from "@/lib/actions/runs/start-region-failover";
import { startRebalanceAction } from "@/lib/actions/runs/start-rebalance";
import { startRunAction } from "@/lib/actions/runs/start-run";

type Target = { kind: "FAILOVER" | "FAILBACK" | "DRILL"; applicationName: string } | { kind: "REGION" | "REBALANCE"; region: string; returnTo?: string };

/**
 * The last step before a failover: the mode, a reason for the audit log, and then a modal that
 * asks for the application's (or the region's) name typed exactly, so nobody moves the wrong
 * thing by a slip. The server checks it all again.
 */
export function GuardForm({ target, verb, forcedRecommended, blocked, consequence }: { target: Target; verb: string; forcedRecommended: boolean; blocked: boolean; consequence?: string }) {
  const router = useRouter();
  const word = "region" in target ? target.region : target.applicationName;
  const [reason, setReason] = useState("");
  const [mode, setMode] = useState<"NORMAL" | "FORCED">(forcedRecommended ? "FORCED" : "NORMAL");
  const [freeCapacity, setFreeCapacity] = useState(false);
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  // A move of production (not a drill or a rebalance): it has a mode, and its buttons are red.
  const movesProduction = target.kind !== "DRILL" && target.kind !== "REBALANCE";

  // Runs the action; a refusal about the reason goes back to the reason field, any other stays in the modal.
  const start = async (confirmation: string): Promise<ConfirmResult | null> => {
    let answer: { ok: true; next: string } | { ok: false; error: string; fieldErrors?: Record<string, string[] | undefined> };
    if ("applicationName" in target) {
      const result = await startRunAction({ mode, reason, confirmation, applicationName: target.applicationName, kind: target.kind, freeCapacity });
      answer = result.ok ? { ok: true, next: `/runs/${result.data.runId}` } : result;
    } else if (target.kind === "REGION") {
      const result = await startRegionFailoverAction({ mode, reason, confirmation, region: target.region });
      answer = result.ok ? { ok: true, next: `/region-failovers/${result.data.regionFailoverId}` } : result;
    } else {
      const result = await startRebalanceAction({ reason, confirmation, region: target.region });
      answer = result.ok ? { ok: true, next: target.returnTo ?? "/" } : result;
    }
    if (answer.ok) {
      router.push(answer.next);
      return null;
    }
    if (answer.fieldErrors?.reason) {
      setReasonError(answer.fieldErrors.reason[0] ?? answer.error);
      setConfirming(false);
      return null;
    }
    return { error: answer.fieldErrors?.confirmation?.[0] ?? answer.error };
  };

  return (
    <Form
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim() === "") return setReasonError("Say why: it goes into the audit log and to the application's owners.");
        setReasonError(null);
        setConfirming(true);
      }}
    >
      {movesProduction && (
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
          validated={reasonError ? "error" : "default"}
          aria-describedby="guard-reason-help"
        />
        <FormHelperText>
          <HelperText id="guard-reason-help">
            <HelperTextItem variant={reasonError ? "error" : "default"}>{reasonError ?? `It goes into the audit log. ${reason.length}/1000`}</HelperTextItem>
          </HelperText>
        </FormHelperText>
      </FormGroup>
      <ActionGroup>
        <Button type="submit" variant={movesProduction ? "danger" : "primary"} isDisabled={blocked} data-testid="guard-open">
          {verb}…
        </Button>
      </ActionGroup>
      <ConfirmModal isOpen={confirming} onClose={() => setConfirming(false)} title={`${verb}?`} word={word} verb={verb} danger={movesProduction} onConfirm={start}>
        <p>{consequence ?? `${verb}.`}</p>
        <p className="muted">
          {movesProduction ? `${mode === "FORCED" ? "Forced" : "Normal"} mode. ` : ""}Reason, recorded under your name: “{reason.trim()}”
        </p>
      </ConfirmModal>
    </Form>
  );
}
