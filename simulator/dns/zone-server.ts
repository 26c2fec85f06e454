import dgram from "node:dgram";
import net from "node:net";
import dnsPacket from "dns-packet";
import { nameAt, skipName } from "@/lib/platform/dns-wire";
import { readTsig, signResponse, tsigProblem, type TsigKey } from "@/lib/platform/tsig";

// An authoritative DNS server for one zone on loopback, the way BIND serves a primary zone with
// `update-policy { grant <key> zonesub ANY; }`: it answers queries (UDP and TCP) and takes RFC 2136
// dynamic updates signed with its TSIG key, so `dig` and `nsupdate -k` work against it unchanged.
// Only what a global name needs: A, AAAA, CNAME, TXT, plus the zone's SOA and NS.

export interface ZoneRecord {
  name: string;
  type: "A" | "AAAA" | "CNAME" | "TXT" | "SOA" | "NS";
  ttl: number;
  /** As dns-packet encodes it: an address, a name, a list of strings, an SOA object. */
  data: unknown;
}

type Section = { name: string; type: string; klass: number; ttl: number; rdata: Buffer; data: unknown };

const CLASS = { IN: 1, NONE: 254, ANY: 255 } as const;
const TYPES = new Set(["A", "AAAA", "CNAME", "TXT"]);
const OPCODE = { QUERY: 0, UPDATE: 5 };
const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5, YXDOMAIN: 6, YXRRSET: 7, NXRRSET: 8, NOTAUTH: 9, NOTZONE: 10 };
const TSIG_BADSIG = 16;
const TSIG_BADKEY = 17;

const lower = (name: string) => name.toLowerCase().replace(/\.$/, "");

export class ZoneServer {
  readonly zone: string;
  private records: ZoneRecord[];
  private serial = 1;
  private udp: dgram.Socket | null = null;
  private tcp: net.Server | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    zone: string,
    private readonly key: TsigKey,
    saved?: { records: ZoneRecord[]; serial: number },
  ) {
    this.zone = lower(zone);
    this.serial = saved?.serial ?? 1;
    this.records = saved?.records ?? [
      { name: this.zone, type: "NS", ttl: 3600, data: `ns1.${this.zone}` },
      { name: `ns1.${this.zone}`, type: "A", ttl: 3600, data: "127.0.0.1" },
    ];
  }

  /** What the zone holds now, SOA first (for the admin endpoint and the state file). */
  snapshot() {
    return { records: this.records.map((r) => ({ ...r })), serial: this.serial };
  }

  /** Adds a record as the zone's own data (a seed), not as an update. */
  put(record: ZoneRecord) {
    this.records.push({ ...record, name: lower(record.name) });
  }

  onChange(listener: () => void) {
    this.listeners.add(listener);
  }

  async listen(port: number, host = "127.0.0.1"): Promise<number> {
    const udp = dgram.createSocket("udp4");
    await new Promise<void>((resolve, reject) => {
      udp.once("error", (error: NodeJS.ErrnoException) => reject(error.code === "EADDRINUSE" ? new Error(`DNS port ${port} on ${host} is in use: is another simulator running?`) : error));
      udp.bind(port, host, () => resolve());
    });
    const bound = udp.address().port;
    udp.on("message", (message, remote) => {
      const answer = this.answer(message, 512);
      if (answer) udp.send(answer, remote.port, remote.address);
    });
    // TCP on the same port, as DNS servers do: for dig +tcp, nsupdate -v and large answers.
    const tcp = net.createServer((socket) => {
      let pending = Buffer.alloc(0);
      socket.on("data", (chunk) => {
        pending = Buffer.concat([pending, chunk]);
        while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
          const message = pending.subarray(2, 2 + pending.readUInt16BE(0));
          pending = pending.subarray(2 + message.length);
          const answer = this.answer(Buffer.from(message), 65_535);
          if (answer) socket.write(Buffer.concat([Buffer.from([answer.length >> 8, answer.length & 0xff]), answer]));
        }
      });
      socket.on("error", () => socket.destroy());
    });
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once("error", reject);
        tcp.listen(bound, host, () => resolve());
      });
    } catch (error) {
      udp.close();
      // Any free port was asked for, and the UDP one's TCP twin was taken (by another program's
      // connection, say): take another pair rather than fail.
      if (port === 0 && (error as NodeJS.ErrnoException).code === "EADDRINUSE") return this.listen(0, host);
      throw (error as NodeJS.ErrnoException).code === "EADDRINUSE" ? new Error(`DNS port ${bound} on ${host} is in use over TCP: is another simulator running?`) : error;
    }
    this.udp = udp;
    this.tcp = tcp;
    return bound;
  }

  async stop() {
    this.udp?.close();
    await new Promise<void>((resolve) => (this.tcp ? this.tcp.close(() => resolve()) : resolve()));
  }

  private soa(): ZoneRecord {
    return { name: this.zone, type: "SOA", ttl: 3600, data: { mname: `ns1.${this.zone}`, rname: `hostmaster.${this.zone}`, serial: this.serial, refresh: 3600, retry: 600, expire: 86_400, minimum: 30 } };
  }

  private inZone = (name: string) => lower(name) === this.zone || lower(name).endsWith(`.${this.zone}`);
  private all = () => [this.soa(), ...this.records];

  /** The answer to one message, or null for one not worth answering (too short to carry an id). */
  answer(message: Buffer, maxSize: number): Buffer | null {
    if (message.length < 12) return null;
    const id = message.readUInt16BE(0);
    const opcode = (message.readUInt16BE(2) >> 11) & 0xf;
    try {
      if (opcode === OPCODE.UPDATE) return this.update(message);
      if (opcode !== OPCODE.QUERY) return this.reply(id, opcode, RCODE.NOTIMP, message);
      // A signed query (nsupdate signs the SOA query it starts with) gets a signed answer.
      const tsig = readTsig(message);
      if (!tsig) return this.query(message, maxSize);
      const problem = lower(tsig.keyName) !== lower(this.key.name) ? TSIG_BADKEY : tsigProblem(tsig, this.key, null) ? TSIG_BADSIG : 0;
      if (problem) return signResponse(this.reply(id, opcode, RCODE.NOTAUTH, tsig.unsigned), this.key, tsig.mac, Date.now(), problem);
      return signResponse(this.query(tsig.unsigned, maxSize), this.key, tsig.mac);
    } catch {
      return this.reply(id, opcode, RCODE.FORMERR, message);
    }
  }

  private reply(id: number, opcode: number, rcode: number, request: Buffer, extra: Partial<dnsPacket.Packet> = {}) {
    let questions: dnsPacket.Question[] = [];
    try {
      questions = dnsPacket.decode(request).questions ?? [];
    } catch {
      // A message we cannot read is answered without its question.
    }
    return dnsPacket.encode({ type: "response", id, flags: (opcode << 11) | dnsPacket.AUTHORITATIVE_ANSWER | rcode, questions, ...extra });
  }

  private query(message: Buffer, maxSize: number): Buffer {
    const request = dnsPacket.decode(message);
    const question = request.questions?.[0];
    const id = request.id ?? 0;
    const opt = request.additionals?.find((a) => a.type === "OPT");
    const additionals: dnsPacket.Answer[] = opt ? [{ type: "OPT", name: ".", udpPayloadSize: 1232 } as dnsPacket.Answer] : [];
    if (!question) return this.reply(id, OPCODE.QUERY, RCODE.FORMERR, message);
    const name = lower(question.name);
    // Authoritative only: a name outside the zone is refused, as BIND without recursion refuses it.
    if (!this.inZone(name)) return this.reply(id, OPCODE.QUERY, RCODE.REFUSED, message, { additionals });
    const here = this.all().filter((r) => lower(r.name) === name);
    const cname = here.find((r) => r.type === "CNAME");
    const wanted = (question.type as string) === "ANY" ? here : here.filter((r) => r.type === question.type);
    const matched = wanted.length ? wanted : cname && question.type !== "CNAME" ? [cname] : [];
    const exists = here.length > 0 || this.records.some((r) => lower(r.name).endsWith(`.${name}`));
    const rcode = matched.length || exists ? RCODE.NOERROR : RCODE.NXDOMAIN;
    const toAnswer = (r: ZoneRecord) => ({ name: r.name, type: r.type, class: "IN", ttl: r.ttl, data: r.data }) as dnsPacket.Answer;
    const answer = dnsPacket.encode({
      type: "response",
      id,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | (request.flags! & dnsPacket.RECURSION_DESIRED) | rcode,
      questions: [question],
      answers: matched.map(toAnswer),
      // No data, or no name: the SOA says for how long that answer may be cached.
      authorities: matched.length ? [] : [toAnswer(this.soa())],
      additionals,
    });
    if (answer.length <= Math.max(maxSize, opt ? 1232 : 512)) return answer;
    return dnsPacket.encode({ type: "response", id, flags: dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.TRUNCATED_RESPONSE, questions: [question] });
  }

  /** RFC 2136: zone, prerequisites, updates; signed with the zone's key, answered signed. */
  private update(message: Buffer): Buffer {
    const id = message.readUInt16BE(0);
    const tsig = readTsig(message);
    const answer = (rcode: number, tsigError = 0) => {
      const unsigned = dnsPacket.encode({ type: "response", id, flags: (OPCODE.UPDATE << 11) | rcode, questions: [{ name: this.zone, type: "SOA", class: "IN" }] });
      // An unsigned update gets an unsigned refusal; a signed one a signed answer (a bad signature gets the error, unsigned, as RFC 8945 5.3.2 says).
      return tsig ? signResponse(unsigned, this.key, tsig.mac, Date.now(), tsigError) : unsigned;
    };
    if (!tsig) return answer(RCODE.REFUSED);
    if (lower(tsig.keyName) !== lower(this.key.name)) return answer(RCODE.NOTAUTH, TSIG_BADKEY);
    if (tsigProblem(tsig, this.key, null)) return answer(RCODE.NOTAUTH, TSIG_BADSIG);

    const sections = readUpdate(tsig.unsigned);
    if (sections.zone.length !== 1 || sections.zone[0]!.type !== "SOA") return answer(RCODE.FORMERR);
    if (lower(sections.zone[0]!.name) !== this.zone) return answer(RCODE.NOTAUTH);
    for (const pre of sections.prerequisites) {
      const rcode = this.prerequisite(pre);
      if (rcode) return answer(rcode);
    }
    for (const change of sections.updates) if (!this.inZone(change.name)) return answer(RCODE.NOTZONE);
    for (const change of sections.updates) {
      if (change.klass !== CLASS.IN && change.klass !== CLASS.ANY && change.klass !== CLASS.NONE) return answer(RCODE.FORMERR);
      if (change.klass === CLASS.IN && !TYPES.has(change.type)) return answer(RCODE.REFUSED);
    }
    const before = JSON.stringify(this.records);
    for (const change of sections.updates) this.apply(change);
    if (JSON.stringify(this.records) !== before) {
      this.serial++;
      for (const listener of this.listeners) listener();
    }
    return answer(RCODE.NOERROR);
  }

  private prerequisite(pre: Section): number {
    const here = this.all().filter((r) => lower(r.name) === lower(pre.name));
    if (!this.inZone(pre.name)) return RCODE.NOTZONE;
    if (pre.klass === CLASS.ANY) return pre.type === "ANY" ? (here.length ? 0 : RCODE.NXDOMAIN) : here.some((r) => r.type === pre.type) ? 0 : RCODE.NXRRSET;
    if (pre.klass === CLASS.NONE) return pre.type === "ANY" ? (here.length ? RCODE.YXDOMAIN : 0) : here.some((r) => r.type === pre.type) ? RCODE.YXRRSET : 0;
    // Value-dependent prerequisites (class IN) are not needed by any client of the portal.
    return RCODE.NOTIMP;
  }

  private apply(change: Section) {
    const name = lower(change.name);
    const same = (r: ZoneRecord) => lower(r.name) === name;
    if (change.klass === CLASS.ANY) {
      // The apex keeps its NS and SOA, as RFC 2136 3.4.2.3 says.
      this.records = this.records.filter((r) => !same(r) || (change.type !== "ANY" && r.type !== change.type) || (name === this.zone && r.type === "NS"));
    } else if (change.klass === CLASS.NONE) {
      this.records = this.records.filter((r) => !(same(r) && r.type === change.type && JSON.stringify(r.data) === JSON.stringify(change.data)));
    } else {
      // A CNAME and other data cannot share a name: the later one replaces, as BIND does.
      if (change.type === "CNAME") this.records = this.records.filter((r) => !same(r));
      else this.records = this.records.filter((r) => !(same(r) && r.type === "CNAME"));
      const existing = this.records.find((r) => same(r) && r.type === change.type && JSON.stringify(r.data) === JSON.stringify(change.data));
      if (existing) existing.ttl = change.ttl;
      else this.records.push({ name, type: change.type as ZoneRecord["type"], ttl: change.ttl, data: change.data });
      // A record set shares one TTL.
      for (const r of this.records) if (same(r) && r.type === change.type) r.ttl = change.ttl;
    }
  }
}

/** The sections of an UPDATE message, read by hand: its deletes carry empty data, which dns-packet's decoders do not expect. */
function readUpdate(message: Buffer) {
  const counts = [4, 6, 8, 10].map((at) => message.readUInt16BE(at));
  let offset = 12;
  const zone: Array<{ name: string; type: string }> = [];
  for (let i = 0; i < counts[0]!; i++) {
    const name = nameAt(message, offset);
    offset = skipName(message, offset);
    zone.push({ name, type: typeName(message.readUInt16BE(offset)) });
    offset += 4;
  }
  const records = (count: number) => {
    const out: Section[] = [];
    for (let i = 0; i < count; i++) {
      const name = nameAt(message, offset);
      offset = skipName(message, offset);
      const type = typeName(message.readUInt16BE(offset));
      const klass = message.readUInt16BE(offset + 2);
      const ttl = message.readUInt32BE(offset + 4);
      const length = message.readUInt16BE(offset + 8);
      const rdata = message.subarray(offset + 10, offset + 10 + length);
      // With data, dns-packet decodes it (from the length field on, so compressed names resolve).
      const data = length > 0 && TYPES.has(type) ? recordCodec(type).decode(message, offset + 8) : null;
      offset += 10 + length;
      out.push({ name, type, klass, ttl, rdata, data: type === "CNAME" && typeof data === "string" ? lower(data) : data });
    }
    return out;
  };
  const prerequisites = records(counts[1]!);
  const updates = records(counts[2]!);
  return { zone, prerequisites, updates };
}

// dns-packet's per-type codecs, which its type declarations leave out.
const recordCodec = (type: string) => (dnsPacket as unknown as { record(type: string): { decode(buf: Buffer, offset: number): unknown } }).record(type);

const TYPE_NUMBERS: Record<number, string> = { 1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 16: "TXT", 28: "AAAA", 255: "ANY" };
const typeName = (n: number) => TYPE_NUMBERS[n] ?? `TYPE${n}`;
