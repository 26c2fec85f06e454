"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { decideOrderAction } from "@/lib/actions/orders/decide-order";
import type { RetiredVolume } from "@/lib/retirement/application-volumes";
import { FieldError } from "./field-error";

/** Approve, or reject with a note the owner reads. A retirement also asks what happens to the volumes. */
export function OrderDecisionForm({ orderId, applicationName, retireVolumes }: { orderId: string; applicationName: string; retireVolumes?: RetiredVolume[] }) {
  const router = useRouter();
  const [note, setNote] = useState("");
  const [volumeDisposition, setVolumeDisposition] = useState<"DELETE" | "KEEP" | undefined>(undefined);
  const [confirmVolumes, setConfirmVolumes] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const decide = (decision: "approve" | "reject") =>
    startTransition(async () => {
      setError(null);
      setFieldError(null);
      const result = await decideOrderAction({ orderId, decision, note, ...(retireVolumes && decision === "approve" ? { volumeDisposition, confirmVolumes } : {}) });
      if (!result.ok) {
        const volumeError = result.fieldErrors?.volumeDisposition?.[0] ?? result.fieldErrors?.confirmVolumes?.[0];
        setFieldError(volumeError ?? null);
        setError(volumeError ? null : (result.fieldErrors?.note?.[0] ?? result.error));
        return;
      }
      router.refresh();
    });
  return (
    <form className="card form" onSubmit={(e) => e.preventDefault()} aria-label={`Decide the order for ${applicationName}`}>
      <h2>Decide</h2>
      {retireVolumes && retireVolumes.length > 0 && (
        <fieldset data-testid="volume-disposition">
          <legend>The application&apos;s {retireVolumes.length} volume(s), if you approve</legend>
          <label className="inline">
            <input type="radio" name="volumeDisposition" checked={volumeDisposition === "KEEP"} onChange={() => setVolumeDisposition("KEEP")} /> Keep them in the OpenStack project (nothing is lost; someone deletes them later)
          </label>
          <label className="inline">
            <input type="radio" name="volumeDisposition" checked={volumeDisposition === "DELETE"} onChange={() => setVolumeDisposition("DELETE")} /> Delete them, with their data
          </label>
          {volumeDisposition === "DELETE" && (
            <label>
              Type the name of every volume to delete: <span className="mono">{retireVolumes.map((v) => v.name).join(", ")}</span>
              <input data-testid="confirm-volumes" value={confirmVolumes} onChange={(e) => setConfirmVolumes(e.target.value)} autoComplete="off" spellCheck={false} />
            </label>
          )}
          <FieldError field="volumes" message={fieldError ?? undefined} />
        </fieldset>
      )}
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
          {pending ? "Saving…" : retireVolumes ? `Approve retiring ${applicationName}` : "Approve"}
        </button>
        <button type="button" className="danger" onClick={() => decide("reject")} disabled={pending}>
          Reject
        </button>
      </div>
    </form>
  );
}
