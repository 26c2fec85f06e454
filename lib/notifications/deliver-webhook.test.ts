import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { deliverWebhook, WebhookDeliveryError } from "./deliver-webhook";

let status = 500;
const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => res.writeHead(status).end());
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
afterAll(() => void server.close());
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
const job = (webhookUrl: string) => ({ webhookUrl, event: { type: "order.submitted", id: "delivery-1", order: {} } });

describe("deliverWebhook", () => {
  it("fails, so the queue retries it, when the receiver answers an error or cannot be reached", async () => {
    await expect(deliverWebhook(job(url))).rejects.toThrow(new WebhookDeliveryError("webhook 127.0.0.1:" + new URL(url).port + " answered 500"));
    await expect(deliverWebhook(job("http://127.0.0.1:1/hook"))).rejects.toThrow(/unreachable/);
  });

  it("succeeds on a 2xx", async () => {
    status = 202;
    await expect(deliverWebhook(job(url))).resolves.toBeUndefined();
  });

  it("refuses a job that is not a delivery", async () => {
    await expect(deliverWebhook({ webhookUrl: "not a url" })).rejects.toThrow();
  });
});
