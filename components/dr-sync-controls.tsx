"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { requestDrSyncAction } from "@/lib/actions/applications/request-dr-sync";
import { setSyncScheduleAction } from "@/lib/actions/applications/set-sync-schedule";
import { SYNC_INTERVALS } from "@/lib/dr-sync/sync-intervals";

/** "Sync now" and the schedule, for a DR application's sync page. */
export function DrSyncControls({ applicationName, intervalMinutes }: { applicationName: string; intervalMinutes: number | null }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const run = (work: () => Promise<{ ok: true; text: string } | { ok: false; text: string }>) =>
    startTransition(async () => {
      setMessage(await work());
      router.refresh();
    });
  return (
    <div className="inline spread">
      <button
        type="button"
        data-testid="sync-now"
        disabled={pending}
        onClick={() =>
          run(async () => {
            const result = await requestDrSyncAction({ applicationName });
            return result.ok ? { ok: true, text: result.data.alreadyPending ? "A sync was already queued; it is the one below." : "Queued: the sync runs now and shows below." } : { ok: false, text: result.error };
          })
        }
      >
        {pending ? "Working…" : "Sync now"}
      </button>
      <label className="inline">
        Schedule
        <select
          data-testid="sync-schedule"
          defaultValue={intervalMinutes ?? 0}
          disabled={pending}
          onChange={(event) => {
            const minutes = Number(event.target.value);
            run(async () => {
              const result = await setSyncScheduleAction({ applicationName, intervalMinutes: minutes });
              return result.ok ? { ok: true, text: `Schedule saved: ${SYNC_INTERVALS.find((i) => i.minutes === minutes)!.label.toLowerCase()}.` } : { ok: false, text: result.error };
            });
          }}
        >
          {SYNC_INTERVALS.map((interval) => (
            <option key={interval.minutes} value={interval.minutes}>
              {interval.label}
            </option>
          ))}
        </select>
      </label>
      {message && (
        <span className={message.ok ? "success" : "error"} role={message.ok ? "status" : "alert"} data-testid="sync-message">
          {message.text}
        </span>
      )}
    </div>
  );
}
