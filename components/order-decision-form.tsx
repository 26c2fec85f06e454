"use client";

import { ActionGroup, Alert, Button, Form, FormGroup, Radio, TextArea, TextInput, Title } from "@patternfly/react-core";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { decideOrderAction } from "@/lib/actions/orders/decide-order";
import type { RetiredVolume } from "@/lib/retirement/application-volumes";
import { FieldError } from "./field-error";
import { Panel } from "@/components/panel";

/** Approve, or reject with a note the owner reads. A retirement also asks what happens to the volumes. */
export function OrderDecisionForm({ orderId, applicationName, retireVolumes }: { orderId: string; applicationName: string; retireVolumes?: RetiredVolume[] }) {
  const router = useRouter();
  const [note, setNote] = useState("");
  const [volumeDisposition, setVolumeDisposition] = useState<"DELETE" | "KEEP" | undefined>(undefined);
  const [confirmVolumes, setConfirmVolumes] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [noteError, setNoteError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const decide = (decision: "approve" | "reject") =>
    startTransition(async () => {
      setError(null);
      setNoteError(null);
      setFieldError(null);
      const result = await decideOrderAction({ orderId, decision, note, ...(retireVolumes && decision === "approve" ? { volumeDisposition, confirmVolumes } : {}) });
      if (!result.ok) {
        const volumeError = result.fieldErrors?.volumeDisposition?.[0] ?? result.fieldErrors?.confirmVolumes?.[0];
        setFieldError(volumeError ?? null);
        setNoteError(result.fieldErrors?.note?.[0] ?? null);
        setError(volumeError || result.fieldErrors?.note ? null : result.error);
        return;
      }
      router.refresh();
    });
  return (
    <Panel>
      <Form onSubmit={(e) => e.preventDefault()} aria-label={`Decide the order for ${applicationName}`}>
        <Title headingLevel="h2">Decide</Title>
        {retireVolumes && retireVolumes.length > 0 && (
          <FormGroup role="radiogroup" isStack fieldId="volume-disposition" label={`The application's ${retireVolumes.length} volume(s), if you approve`} data-testid="volume-disposition">
            <Radio id="keep-volumes" name="volumeDisposition" isChecked={volumeDisposition === "KEEP"} onChange={() => setVolumeDisposition("KEEP")} label="Keep them in the OpenStack project (nothing is lost; someone deletes them later)" />
            <Radio id="delete-volumes" name="volumeDisposition" isChecked={volumeDisposition === "DELETE"} onChange={() => setVolumeDisposition("DELETE")} label="Delete them, with their data" />
            {volumeDisposition === "DELETE" && (
              <FormGroup
                fieldId="confirm-volumes"
                label={
                  <>
                    Type the name of every volume to delete: <span className="mono">{retireVolumes.map((v) => v.name).join(", ")}</span>
                  </>
                }
              >
                <TextInput id="confirm-volumes" data-testid="confirm-volumes" value={confirmVolumes} onChange={(_e, value) => setConfirmVolumes(value)} autoComplete="off" spellCheck={false} validated={fieldError ? "error" : "default"} aria-describedby={fieldError ? "error-volumes" : undefined} />
              </FormGroup>
            )}
            <FieldError field="volumes" message={fieldError ?? undefined} />
          </FormGroup>
        )}
        <FormGroup
          fieldId="decision-note"
          label={
            <>
              Note to the owner <span className="muted">(required to reject)</span>
            </>
          }
        >
          <TextArea id="decision-note" rows={3} value={note} onChange={(_e, value) => setNote(value)} maxLength={1100} resizeOrientation="vertical" validated={noteError ? "error" : "default"} aria-describedby={noteError ? "error-note" : undefined} />
          <FieldError field="note" message={noteError ?? undefined} />
        </FormGroup>
        {error && <Alert variant="danger" isInline title={error} role="alert" />}
        <ActionGroup>
          <Button variant="primary" onClick={() => decide("approve")} isDisabled={pending} isLoading={pending}>
            {pending ? "Saving…" : retireVolumes ? `Approve retiring ${applicationName}` : "Approve"}
          </Button>
          <Button variant="danger" onClick={() => decide("reject")} isDisabled={pending}>
            Reject
          </Button>
        </ActionGroup>
      </Form>
    </Panel>
  );
}
