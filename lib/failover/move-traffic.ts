import { answersRouters, describeAnswer } from "@/lib/platform/global-traffic";
import type { RegionTraffic } from "@/lib/regions/region-clients";
import { waitUntil, type RunContext } from "./run-context";

// An application's users follow its data: its global name is pointed at the routers of the
// regions that serve it, then the authoritative server is asked until it answers the new value.
// From then on a client that asks gets the new region; one that asked before keeps the old answer
// for at most the record's TTL.

// A type, not an interface, so it is stored as a step's JSON output as it is.
export type TrafficMove = {
  /** The address users reach, e.g. books.apps.example.com. */
  globalName: string;
  /** What the authoritative server answers for it now. */
  resolvesTo: string;
  regions: string[];
  ttlSeconds: number;
  /** From sending the update to the server answering the new value. */
  answeredAfterMs: number;
};

export async function pointGlobalName(traffic: RegionTraffic, ctx: Pick<RunContext, "settings" | "signal">, application: string, regions: string[]): Promise<TrafficMove> {
  const name = traffic.dns.nameOf(application);
  const routers = regions.map((region) => traffic.routerOf(region));
  const started = Date.now();
  await traffic.dns.point(name, routers);
  const answer = await waitUntil(ctx, `${name} to resolve to ${regions.join(" and ")} on the authoritative server`, async () => {
    const now = await traffic.dns.resolve(name);
    return answersRouters(now, routers) ? { done: true, value: now } : { done: false, seen: `it answers ${describeAnswer(now)}` };
  });
  return { globalName: name, resolvesTo: describeAnswer(answer), regions, ttlSeconds: traffic.dns.ttlSeconds, answeredAfterMs: Date.now() - started };
}
