"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { startRegionFailoverAction } from "@/lib/actions/runs/start-region-failover";
import { startRebalanceAction } from "@/lib/actions/runs/start-rebalance";
import { startRunAction } from "@/lib/actions/runs/start-run";

type Target = { kind: "FAILOVER" | "FAILBACK" | "DRILL"; applicationName: string } | { kind: "REGION" | "REBALANCE"; region: string; returnTo?: string };

/**
 * The last step before a failover: a reason for the audit log, and the application's (or the
 * region's) name typed in full, so nobody moves the wrong thing by a slip. The server checks it
 * all again.
 */
export function GuardForm({ target, verb, forcedRecommended, blocked }: { target: Target; verb: string; forcedRecommended: boolean; blocked: boolean }) {
  const router = useRouter();
  const word = "region" in target ? target.region : target.applicationName;
  const [confirmation, setConfirmation] = useState("");
  const [result, setResult] = useState<{ error: string; fieldErrors?: Record<string, string[]> } | null>(null);
  const [pending, startTransition] = useTransition();
  const matches = confirmation === word;

  return (
    <form
      className="form"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const common = { mode: (form.get("mode") as "NORMAL" | "FORCED" | null) ?? "NORMAL", reason: String(form.get("reason") ?? ""), confirmation };
        startTransition(async () => {
          if (target.kind === "REBALANCE") {
            const answer = await startRebalanceAction({ reason: common.reason, confirmation, region: target.region });
            if (answer.ok) router.push(target.returnTo ?? "/");
            else setResult(answer);
          } else if (target.kind === "REGION") {
            const answer = await startRegionFailoverAction({ ...common, region: target.region });
            if (answer.ok) router.push(`/region-failovers/${answer.data.regionFailoverId}`);
            else setResult(answer);
          } else if ("applicationName" in target) {
            const answer = await startRunAction({ ...common, applicationName: target.applicationName, kind: target.kind, freeCapacity: form.get("freeCapacity") === "on" });
            if (answer.ok) router.push(`/runs/${answer.data.runId}`);
            else setResult(answer);
          }
        });
      }}
    >
      {target.kind !== "DRILL" && target.kind !== "REBALANCE" && (
        <fieldset>
          <legend>Mode</legend>
          <label className="inline">
            <input type="radio" name="mode" value="NORMAL" defaultChecked={!forcedRecommended} /> Normal: export the source, stop it cleanly, then move everything.
          </label>
          <label className="inline">
            <input type="radio" name="mode" value="FORCED" defaultChecked={forcedRecommended} /> Forced: the source region is unreachable. Use the last export, do not stop the source, force-detach its volumes.
          </label>
          {target.kind !== "REGION" && (
            <label className="inline">
              <input type="checkbox" name="freeCapacity" /> Scale dev and test in the target region to 0 to free room on its nodes (not in quotas)
            </label>
          )}
        </fieldset>
      )}
      <label>
        Reason
        <textarea name="reason" rows={2} required minLength={10} placeholder="e.g. europe-west storage outage, incident INC-4211" aria-invalid={Boolean(result?.fieldErrors?.reason)} />
        {result?.fieldErrors?.reason && <span className="error">{result.fieldErrors.reason[0]}</span>}
      </label>
      <label>
        <span>
          Type <span className="mono">{word}</span> to confirm
        </span>
        <input
          name="confirmation"
          autoComplete="off"
          spellCheck={false}
          value={confirmation}
          onChange={(event) => setConfirmation(event.target.value)}
          aria-invalid={Boolean(result?.fieldErrors?.confirmation)}
          data-testid="confirm-name"
        />
        {result?.fieldErrors?.confirmation && <span className="error">{result.fieldErrors.confirmation[0]}</span>}
      </label>
      {result && !result.fieldErrors && (
        <p className="error" role="alert">
          {result.error}
        </p>
      )}
      <div className="inline">
        <button type="submit" className={target.kind === "DRILL" || target.kind === "REBALANCE" ? undefined : "danger"} disabled={pending || !matches || blocked}>
          {pending ? "Starting…" : verb}
        </button>
        {!matches && <span className="muted">The button unlocks when the name matches.</span>}
      </div>
    </form>
  );
}
