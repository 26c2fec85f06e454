import { answersRouters, describeAnswer } from "@/lib/platform/global-traffic";
import type { RegionClients } from "@/lib/regions/region-clients";

// The address an application's users reach and where it takes them now, read live from the
// authoritative DNS server: what the application page and the API show next to the active region.

export type UsersAddress = {
  globalName: string;
  /** What the authoritative server answers now; null when it could not be asked. */
  resolvesTo: string | null;
  /** The regions whose routers that answer names. */
  regions: string[];
  ttlSeconds: number;
  /** Why the server could not be asked, when it could not. */
  error: string | null;
};

export async function usersAddressOf(clients: RegionClients, applicationName: string, candidateRegions: string[]): Promise<UsersAddress | null> {
  const traffic = clients.traffic;
  if (!traffic) return null;
  const globalName = traffic.dns.nameOf(applicationName);
  try {
    const answer = await traffic.dns.resolve(globalName);
    // The answer names a region when it is that region's router, or (several regions) holds its addresses.
    const regions = candidateRegions.filter((region) => {
      const router = traffic.routerOf(region);
      if (answersRouters(answer, [router])) return true;
      return answer !== null && "addresses" in answer && "addresses" in router && router.addresses.every((a) => answer.addresses.includes(a));
    });
    return { globalName, resolvesTo: describeAnswer(answer), regions, ttlSeconds: traffic.dns.ttlSeconds, error: null };
  } catch (error) {
    return { globalName, resolvesTo: null, regions: [], ttlSeconds: traffic.dns.ttlSeconds, error: (error as Error).message };
  }
}
