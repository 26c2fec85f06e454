"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { cancelOrderAction } from "@/lib/actions/orders/cancel-order";

export function CancelOrderButton({ orderId }: { orderId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="inline">
      <button
        type="button"
        className="secondary"
        disabled={pending}
        onClick={() => {
          if (!window.confirm("Cancel this order? Nothing has been created yet; you can order again later.")) return;
          startTransition(async () => {
            const result = await cancelOrderAction({ orderId });
            if (result.ok) router.refresh();
            else setError(result.error);
          });
        }}
      >
        {pending ? "Cancelling…" : "Cancel order"}
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
