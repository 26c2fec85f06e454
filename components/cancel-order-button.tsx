"use client";

import { Alert, Button, Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { cancelOrderAction } from "@/lib/actions/orders/cancel-order";

/** The owner withdraws an order still waiting for a decision, after a modal says what that means. */
export function CancelOrderButton({ orderId, applicationName }: { orderId: string; applicationName: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const close = () => {
    if (pending) return;
    setOpen(false);
    setError(null);
  };
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Cancel order…
      </Button>
      <Modal variant="small" isOpen={open} onClose={close} aria-labelledby="cancel-order-title" aria-describedby="cancel-order-body">
        <ModalHeader title={`Cancel the order for ${applicationName}?`} labelId="cancel-order-title" />
        <ModalBody id="cancel-order-body">
          <p>Nothing has been created yet. The platform team no longer sees it, and you can order again later.</p>
          {error && <Alert variant="danger" isInline title={error} role="alert" />}
        </ModalBody>
        <ModalFooter>
          <Button
            variant="danger"
            isLoading={pending}
            isDisabled={pending}
            onClick={() =>
              startTransition(async () => {
                const result = await cancelOrderAction({ orderId });
                if (!result.ok) return setError(result.error);
                setOpen(false);
                router.refresh();
              })
            }
          >
            Cancel the order
          </Button>
          <Button variant="link" onClick={close} isDisabled={pending}>
            Keep it
          </Button>
        </ModalFooter>
      </Modal>
    </>
  );
}
