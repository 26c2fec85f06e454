"use client";

import { Button, Flex, FormSelect, FormSelectOption } from "@patternfly/react-core";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { requestDrSyncAction } from "@/lib/actions/applications/request-dr-sync";
import { setSyncScheduleAction } from "@/lib/actions/applications/set-sync-schedule";
import { SYNC_INTERVALS } from "@/lib/dr-sync/sync-intervals";
import { InlineMessage, type InlineMessageValue } from "./inline-message";

/** "Sync now" and the schedule, for a DR application's sync page. */
export function DrSyncControls({ applicationName, intervalMinutes }: { applicationName: string; intervalMinutes: number | null }) {
  const router = useRouter();
  const [message, setMessage] = useState<InlineMessageValue | null>(null);
  const [schedule, setSchedule] = useState(intervalMinutes ?? 0);
  const [pending, startTransition] = useTransition();
  const run = (work: () => Promise<{ ok: true; text: string } | { ok: false; text: string }>) =>
    startTransition(async () => {
      setMessage(await work());
      router.refresh();
    });
  return (
    <Flex alignItems={{ default: "alignItemsCenter" }} gap={{ default: "gapMd" }}>
      <Button
        data-testid="sync-now"
        isDisabled={pending}
        isLoading={pending}
        onClick={() =>
          run(async () => {
            const result = await requestDrSyncAction({ applicationName });
            return result.ok ? { ok: true, text: result.data.alreadyPending ? "A sync was already queued; it is the one below." : "Queued: the sync runs now and shows below." } : { ok: false, text: result.error };
          })
        }
      >
        {pending ? "Working…" : "Sync now"}
      </Button>
      <Flex alignItems={{ default: "alignItemsCenter" }} gap={{ default: "gapSm" }}>
        <label htmlFor={`sync-schedule-${applicationName}`}>Schedule</label>
        <FormSelect
          id={`sync-schedule-${applicationName}`}
          data-testid="sync-schedule"
          value={schedule}
          isDisabled={pending}
          style={{ width: "auto" }}
          onChange={(_event, value) => {
            const minutes = Number(value);
            setSchedule(minutes);
            run(async () => {
              const result = await setSyncScheduleAction({ applicationName, intervalMinutes: minutes });
              return result.ok ? { ok: true, text: `Schedule saved: ${SYNC_INTERVALS.find((i) => i.minutes === minutes)!.label.toLowerCase()}.` } : { ok: false, text: result.error };
            });
          }}
        >
          {SYNC_INTERVALS.map((interval) => (
            <FormSelectOption key={interval.minutes} value={interval.minutes} label={interval.label} />
          ))}
        </FormSelect>
      </Flex>
      <InlineMessage message={message} testId="sync-message" />
    </Flex>
  );
}
