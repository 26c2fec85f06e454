"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { decideOrderAction } from "@/lib/actions/orders/decide-order";

/** Approve, or reject with a note the owner reads. */
export function OrderDecisionForm({ orderId, applicationName }: { orderId: string; applicationName: string }) {
  const router = useRouter();
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const decide = (decision: "approve" | "reject") =>
    startTransition(async () => {
      setError(null);
      const result = await decideOrderAction({ orderId, decision, note });
      if (!result.ok) {
        setError(result.fieldErrors?.note?.[0] ?? result.error);
        return;
      }
      router.refresh();
    });
  return (
    <form className="card form" onSubmit={(e) => e.preventDefault()} aria-label={`Decide the order for ${applicationName}`}>
      <h2>Decide</h2>
      <label>
        Note to the owner <span className="muted">(required to reject)</span>
        <textarea id="decision-note" rows={3} value={note} onChange={(e) => setNote(e.target.value)} maxLength={1100} aria-invalid={error ? true : undefined} aria-describedby={error ? "decision-error" : undefined} />
      </label>
      {error && (
        <div className="error" id="decision-error" role="alert">
          {error}
        </div>
      )}
      <div className="inline actions">
        <button type="button" onClick={() => decide("approve")} disabled={pending}>
          {pending ? "Saving…" : "Approve"}
        </button>
        <button type="button" className="danger" onClick={() => decide("reject")} disabled={pending}>
          Reject
        </button>
      </div>
    </form>
  );
}
