import { randomInt } from "node:crypto";
import dgram from "node:dgram";
import net from "node:net";
import dnsPacket from "dns-packet";
import { callWithRetry, PlatformError, type RetryPolicy } from "./platform-error";
import { readTsig, signRequest, tsigProblem, type TsigKey } from "./tsig";

// Where users' traffic goes: each application's global name (books.<zone>) in DNS, pointed at the
// router of the region that serves it. The first driver speaks RFC 2136 dynamic update signed
// with TSIG, which BIND, PowerDNS, Knot, Infoblox and Windows DNS accept (external-dns's rfc2136
// provider speaks the same), and reads the answer back from the same authoritative server.

/** Where a region's router answers: a host name to CNAME to, or its addresses. */
export type RouterTarget = { cname: string } | { addresses: string[] };

/** What a global name resolves to now, on the authoritative server. */
export type NameAnswer = { cname: string } | { addresses: string[] } | null;

export interface GlobalTraffic {
  readonly zone: string;
  /** The TTL the records get: how long a client may keep the old answer after a switch. */
  readonly ttlSeconds: number;
  /** An application's global name in the zone. */
  nameOf(application: string): string;
  /** Points the name at these routers (one: CNAME or its addresses; several: all their addresses), replacing what it had. */
  point(name: string, routers: RouterTarget[]): Promise<void>;
  /** Removes every record of the name. */
  remove(name: string): Promise<void>;
  /** What the authoritative server answers for the name now. */
  resolve(name: string): Promise<NameAnswer>;
}

export interface Rfc2136Connection {
  /** The authoritative server that takes updates: host and port. */
  server: { host: string; port: number };
  zone: string;
  key: TsigKey;
  ttlSeconds: number;
  /** Per message; a lost UDP datagram is sent again within it. */
  timeoutMs?: number;
  /** Attempts of a call whose failure may pass (no answer, SERVFAIL); every call is idempotent. */
  attempts?: number;
}

const RCODE_MEANING: Record<string, string> = {
  FORMERR: "the server could not read the update",
  SERVFAIL: "the server failed to apply it",
  NXDOMAIN: "a prerequisite name does not exist",
  NOTIMP: "the server does not take dynamic updates",
  REFUSED: "the server refused it: its update policy does not allow this key to change the zone",
  YXDOMAIN: "a prerequisite name exists",
  YXRRSET: "a prerequisite record set exists",
  NXRRSET: "a prerequisite record set does not exist",
  NOTAUTH: "the server is not authoritative for the zone, or it does not know the TSIG key (check the key name, algorithm and secret)",
  NOTZONE: "the name is not in the zone",
};

const OPCODE_UPDATE = 5 << 11;

// dns-packet decodes these; its type declarations leave them out.
const rcodeOf = (packet: dnsPacket.DecodedPacket) => (packet as { rcode?: string }).rcode ?? "NOERROR";
const dataOf = (answer: dnsPacket.Answer) => String((answer as { data?: unknown }).data);

export function createRfc2136Traffic(connection: Rfc2136Connection): GlobalTraffic {
  const zone = connection.zone.toLowerCase().replace(/\.$/, "");
  const timeoutMs = connection.timeoutMs ?? 3000;
  const where = `${connection.server.host}:${connection.server.port}`;
  const fail = (call: string, detail: string, retryable: boolean) => new PlatformError(zone, "global traffic", call, detail, null, retryable);
  const policy: RetryPolicy = { attempts: connection.attempts ?? 3, baseDelayMs: 200, timeoutMs: timeoutMs * 3 };
  // Inside a run step, each attempt first checks the step still holds its run (see CallScope).
  const retried = <T>(call: string, work: () => Promise<T>) =>
    callWithRetry(policy, true, work, (raw) => (raw instanceof PlatformError ? raw : fail(call, (raw as Error).message, true)));

  /** Sends a message and returns the answer to it, over UDP, then TCP when the answer was truncated. */
  async function exchange(call: string, message: Buffer, id: number): Promise<Buffer> {
    const answer = await overUdp(connection.server, message, id, timeoutMs).catch((error: Error) => {
      throw fail(call, `${where} did not answer (${error.message})`, true);
    });
    if (!(dnsPacket.decode(answer).flags! & dnsPacket.TRUNCATED_RESPONSE)) return answer;
    return overTcp(connection.server, message, timeoutMs).catch((error: Error) => {
      throw fail(call, `${where} did not answer over TCP (${error.message})`, true);
    });
  }

  const update = (call: string, records: dnsPacket.Answer[]) => retried(call, () => updateOnce(call, records));

  async function updateOnce(call: string, records: dnsPacket.Answer[]) {
    const id = randomInt(0, 65_536);
    const message = dnsPacket.encode({ type: "query", id, flags: OPCODE_UPDATE, questions: [{ name: zone, type: "SOA", class: "IN" }], authorities: records });
    const { signed, mac } = signRequest(message, connection.key);
    const answer = await exchange(call, signed, id);
    const decoded = dnsPacket.decode(answer);
    const tsig = readTsig(answer);
    const rcode = rcodeOf(decoded);
    if (rcode !== "NOERROR") {
      const why = RCODE_MEANING[rcode] ?? rcode;
      // A refusal is the state of the server's configuration: trying again changes nothing.
      throw fail(call, `${where} answered ${rcode}: ${why}${tsig?.error ? ` (TSIG error ${tsig.error})` : ""}`, rcode === "SERVFAIL");
    }
    const problem = tsig ? tsigProblem(tsig, connection.key, mac) : "the answer is not signed";
    if (problem) throw fail(call, `${where} answered, but ${problem}; the change may or may not have been made`, true);
  }

  const inZone = (name: string) => {
    const fqdn = name.toLowerCase().replace(/\.$/, "");
    if (fqdn !== zone && !fqdn.endsWith(`.${zone}`)) throw fail(`update ${name}`, `${name} is not in the zone ${zone}`, false);
    return fqdn;
  };
  // RFC 2136 2.5.3: class ANY, type ANY, no data deletes every record set of the name.
  const deleteAll = (name: string): dnsPacket.Answer => ({ name, type: "ANY" as never, class: "ANY", ttl: 0, data: Buffer.alloc(0) }) as dnsPacket.Answer;

  return {
    zone,
    ttlSeconds: connection.ttlSeconds,
    nameOf: (application) => `${application}.${zone}`,
    async point(name, routers) {
      const fqdn = inZone(name);
      if (routers.length === 0) throw fail(`update ${fqdn}`, "no router to point it at", false);
      const only = routers.length === 1 ? routers[0]! : null;
      const adds: dnsPacket.Answer[] =
        only && "cname" in only
          ? [{ name: fqdn, type: "CNAME", class: "IN", ttl: connection.ttlSeconds, data: only.cname }]
          : routers.flatMap((router) => {
              if ("cname" in router) throw fail(`update ${fqdn}`, `a name served from several regions needs each region's router addresses, not a CNAME (${router.cname})`, false);
              return router.addresses.map((address): dnsPacket.Answer => (net.isIPv6(address) ? { name: fqdn, type: "AAAA", class: "IN", ttl: connection.ttlSeconds, data: address } : { name: fqdn, type: "A", class: "IN", ttl: connection.ttlSeconds, data: address }));
            });
      await update(`update ${fqdn}`, [deleteAll(fqdn), ...adds]);
    },
    async remove(name) {
      const fqdn = inZone(name);
      await update(`remove ${fqdn}`, [deleteAll(fqdn)]);
    },
    resolve: (name) => retried(`resolve ${name}`, () => resolveOnce(inZone(name))),
  };

  async function resolveOnce(fqdn: string): Promise<NameAnswer> {
    const answers: dnsPacket.Answer[] = [];
    for (const type of ["A", "AAAA"] as const) {
      const id = randomInt(0, 65_536);
      const answer = dnsPacket.decode(await exchange(`resolve ${fqdn}`, dnsPacket.encode({ type: "query", id, questions: [{ name: fqdn, type, class: "IN" }] }), id));
      if (rcodeOf(answer) === "NXDOMAIN") return null;
      if (rcodeOf(answer) !== "NOERROR") throw fail(`resolve ${fqdn}`, `${where} answered ${rcodeOf(answer)}`, true);
      answers.push(...(answer.answers ?? []));
      const cname = answers.find((a) => a.type === "CNAME" && a.name.toLowerCase() === fqdn);
      if (cname) return { cname: dataOf(cname).toLowerCase() };
    }
    const addresses = answers.filter((a) => (a.type === "A" || a.type === "AAAA") && a.name.toLowerCase() === fqdn).map(dataOf);
    return addresses.length ? { addresses: [...new Set(addresses)].sort() } : null;
  }
}

/** Whether an answer is what pointing at these routers gives. */
export function answersRouters(answer: NameAnswer, routers: RouterTarget[]): boolean {
  if (!answer) return routers.length === 0;
  if (routers.length === 1 && "cname" in routers[0]!) return "cname" in answer && answer.cname === routers[0].cname.toLowerCase().replace(/\.$/, "");
  const wanted = routers.flatMap((r) => ("addresses" in r ? r.addresses : [])).sort();
  return "addresses" in answer && answer.addresses.join(",") === [...new Set(wanted)].join(",");
}

/** The answer as a person reads it: "router.eu-west.example" or "192.0.2.10, 192.0.2.11", or "nothing". */
export const describeAnswer = (answer: NameAnswer) => (!answer ? "nothing" : "cname" in answer ? answer.cname : answer.addresses.join(", "));

function overUdp(server: { host: string; port: number }, message: Buffer, id: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(net.isIPv6(server.host) ? "udp6" : "udp4");
    let sends = 0;
    const send = () => {
      sends++;
      socket.send(message, server.port, server.host);
    };
    // Once more halfway, as resolvers do: one lost datagram should not fail a failover.
    const resend = setTimeout(send, timeoutMs / 2);
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms after ${sends} tries`)), timeoutMs);
    const finish = (error: Error | null, answer?: Buffer) => {
      clearTimeout(timer);
      clearTimeout(resend);
      socket.close();
      if (error) reject(error);
      else resolve(answer!);
    };
    socket.on("message", (answer) => {
      if (answer.length >= 12 && answer.readUInt16BE(0) === id) finish(null, answer);
    });
    socket.on("error", (error) => finish(error));
    send();
  });
}

function overTcp(server: { host: string; port: number }, message: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, server.host);
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    socket.on("connect", () => socket.write(Buffer.concat([Buffer.from([message.length >> 8, message.length & 0xff]), message])));
    socket.on("data", (chunk) => {
      chunks.push(chunk);
      const all = Buffer.concat(chunks);
      if (all.length >= 2 && all.length >= 2 + all.readUInt16BE(0)) {
        socket.end();
        resolve(all.subarray(2, 2 + all.readUInt16BE(0)));
      }
    });
    socket.on("error", reject);
  });
}
