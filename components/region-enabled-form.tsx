"use client";

import { Alert, Button, Form, FormGroup, TextInput } from "@patternfly/react-core";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { setRegionEnabledAction } from "@/lib/actions/regions/set-region-enabled";

/** Take a region out of new orders, or put it back, with a reason for the audit log. */
export function RegionEnabledForm({ region, enabled }: { region: string; enabled: boolean }) {
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const id = `region-reason-${region}`;
  return (
    <Form
      isHorizontal={false}
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const answer = await setRegionEnabledAction({ region, enabled: !enabled, reason });
          if (answer.ok) {
            setReason("");
            setError(null);
            router.refresh();
          } else setError(answer.fieldErrors?.reason?.[0] ?? answer.error);
        });
      }}
    >
      <FormGroup label={enabled ? `Why take ${region} out of new orders?` : `Why offer ${region} again?`} fieldId={id}>
        <TextInput id={id} value={reason} onChange={(_, value) => setReason(value)} maxLength={500} placeholder={enabled ? "e.g. storage maintenance until Friday, CHG-231" : "e.g. maintenance done, CHG-231 closed"} />
      </FormGroup>
      {error && <Alert variant="danger" isInline isPlain title={error} />}
      <div>
        <Button type="submit" variant={enabled ? "warning" : "primary"} size="sm" isDisabled={pending || reason.trim().length === 0} isLoading={pending}>
          {enabled ? "Take out of new orders" : "Offer to new orders again"}
        </Button>
      </div>
    </Form>
  );
}
