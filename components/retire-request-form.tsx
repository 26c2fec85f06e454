"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { requestRetirementAction } from "@/lib/actions/applications/request-retirement";

/** Asks for an application to be retired: a reason, and its name typed to be sure it is the right one. */
export function RetireRequestForm({ applicationName }: { applicationName: string }) {
  const router = useRouter();
  const [justification, setJustification] = useState("");
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="card form danger-zone"
      aria-label={`Ask to retire ${applicationName}`}
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await requestRetirementAction({ applicationName, justification });
          if (!result.ok) return setError(result.fieldErrors?.justification?.[0] ?? result.error);
          router.push(`/orders/${result.data.orderId}?submitted=1`);
        });
      }}
    >
      <label>
        Why can it go? <span className="muted">(the approver reads this)</span>
        <textarea rows={3} value={justification} onChange={(e) => setJustification(e.target.value)} maxLength={2100} />
      </label>
      <label>
        Type <span className="mono">{applicationName}</span> to confirm
        <input data-testid="confirm-name" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
      </label>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      <button type="submit" className="danger" disabled={pending || typed !== applicationName}>
        {pending ? "Asking…" : `Ask to retire ${applicationName}`}
      </button>
    </form>
  );
}
