"use client";

import { Button, Flex } from "@patternfly/react-core";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { retryProvisioningAction } from "@/lib/actions/applications/retry-provisioning";
import { retryChangeAction } from "@/lib/actions/orders/retry-change";
import { InlineMessage, type InlineMessageValue } from "./inline-message";

const RETRIES = {
  provisioning: { run: (applicationName: string) => retryProvisioningAction({ applicationName }), label: "Retry provisioning now", queued: "Queued: provisioning runs again now." },
  change: { run: (orderId: string) => retryChangeAction({ orderId }), label: "Retry the change now", queued: "Queued: the change is applied again now." },
};

/** The platform team's retry of work that stopped short: an application's provisioning (by name) or a change order (by id). */
export function RetryButton({ what, target }: { what: keyof typeof RETRIES; target: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<InlineMessageValue | null>(null);
  const [pending, startTransition] = useTransition();
  const retry = RETRIES[what];
  return (
    <Flex alignItems={{ default: "alignItemsCenter" }} gap={{ default: "gapSm" }}>
      <Button
        variant="secondary"
        isDisabled={pending}
        isLoading={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await retry.run(target);
            setMessage(result.ok ? { ok: true, text: result.data.queued ? retry.queued : "Already queued; it runs shortly." } : { ok: false, text: result.error });
            router.refresh();
          })
        }
      >
        {pending ? "Queuing…" : retry.label}
      </Button>
      <InlineMessage message={message} />
    </Flex>
  );
}
