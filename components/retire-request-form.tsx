"use client";

import { ActionGroup, Button, Form, FormGroup, FormHelperText, HelperText, HelperTextItem, TextArea } from "@patternfly/react-core";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { requestRetirementAction } from "@/lib/actions/applications/request-retirement";
import { ORDER_TEXT_LIMITS } from "@/lib/orders/order-rules";
import { ConfirmModal } from "./confirm-modal";
import { Panel } from "@/components/panel";

/** Asks for an application to be retired: a reason, then its name typed in a modal to be sure it is the right one. */
export function RetireRequestForm({ applicationName }: { applicationName: string }) {
  const router = useRouter();
  const [justification, setJustification] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const limit = ORDER_TEXT_LIMITS.justification;
  const verb = `Ask to retire ${applicationName}`;
  return (
    <Panel danger>
      <Form
        aria-label={verb}
        onSubmit={(event) => {
          event.preventDefault();
          if (justification.trim() === "") return setFieldError("Say why it can go: the approver decides on it.");
          setFieldError(null);
          setConfirming(true);
        }}
      >
        <FormGroup label="Why can it go?" isRequired fieldId="retire-justification">
          <TextArea id="retire-justification" rows={3} value={justification} onChange={(_event, value) => setJustification(value)} maxLength={limit} validated={fieldError ? "error" : "default"} aria-describedby="retire-justification-help" />
          <FormHelperText>
            <HelperText id="retire-justification-help">
              <HelperTextItem variant={fieldError ? "error" : "default"}>{fieldError ?? `The approver reads this. ${limit - justification.length} characters left.`}</HelperTextItem>
            </HelperText>
          </FormHelperText>
        </FormGroup>
        <ActionGroup>
          <Button type="submit" variant="danger">
            {verb}…
          </Button>
        </ActionGroup>
        <ConfirmModal
          isOpen={confirming}
          onClose={() => setConfirming(false)}
          title={`${verb}?`}
          word={applicationName}
          verb={verb}
          danger
          onConfirm={async () => {
            const result = await requestRetirementAction({ applicationName, justification });
            if (result.ok) {
              router.push(`/orders/${result.data.orderId}?submitted=1`);
              return null;
            }
            if (result.fieldErrors?.justification) {
              setFieldError(result.fieldErrors.justification[0] ?? result.error);
              setConfirming(false);
              return null;
            }
            return { error: result.error };
          }}
        >
          <p>An approver decides it; once approved, {applicationName}&apos;s namespaces are deleted in every region. Nothing is deleted before that.</p>
        </ConfirmModal>
      </Form>
    </Panel>
  );
}
