"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { retryProvisioningAction } from "@/lib/actions/applications/retry-provisioning";

export function RetryProvisioningButton({ applicationName }: { applicationName: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="inline">
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await retryProvisioningAction({ applicationName });
            setMessage(result.ok ? { ok: true, text: result.data.queued ? "Queued: provisioning runs again now." : "Already queued; it runs shortly." } : { ok: false, text: result.error });
            router.refresh();
          })
        }
      >
        {pending ? "Queuing…" : "Retry provisioning now"}
      </button>
      {message && (
        <span className={message.ok ? "success" : "error"} role={message.ok ? "status" : "alert"}>
          {message.text}
        </span>
      )}
    </div>
  );
}
