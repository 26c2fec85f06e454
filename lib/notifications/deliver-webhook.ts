import { z } from "zod";
import { log } from "@/lib/log";
import type { OrderEvent } from "./order-event";

const Job = z.object({ webhookUrl: z.url(), event: z.object({ type: z.string(), id: z.string() }).passthrough() });

export class WebhookDeliveryError extends Error {}

/** Posts one queued event; throws (so the job queue retries with backoff) unless it got a 2xx. */
export async function deliverWebhook(data: unknown, timeoutMs = 10_000) {
  const { webhookUrl, event } = Job.parse(data);
  let response: Response;
  try {
    response = await fetch(webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "continuum-webhook/1", "x-continuum-event": event.type, "x-continuum-delivery": event.id },
      body: JSON.stringify(event as unknown as OrderEvent),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new WebhookDeliveryError(`webhook ${new URL(webhookUrl).host} unreachable: ${(error as Error).message}`);
  }
  if (!response.ok) throw new WebhookDeliveryError(`webhook ${new URL(webhookUrl).host} answered ${response.status}`);
  log.info({ event: event.type, delivery: event.id, status: response.status }, "webhook delivered");
}
