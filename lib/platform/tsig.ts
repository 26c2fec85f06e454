import { createHmac, timingSafeEqual } from "node:crypto";
import { nameAt, skipName } from "./dns-wire";

// TSIG (RFC 8945): a DNS message signed with a shared secret, the way nsupdate -k signs an update
// and BIND signs its answer. The MAC covers the message as sent plus the TSIG variables; an answer's
// MAC covers the request's MAC first, so an answer cannot be replayed for another request.

export const TSIG_ALGORITHMS = ["hmac-sha256", "hmac-sha512", "hmac-sha384", "hmac-sha224", "hmac-sha1"] as const;
export type TsigAlgorithm = (typeof TSIG_ALGORITHMS)[number];

export interface TsigKey {
  name: string;
  algorithm: TsigAlgorithm;
  /** The secret as tsig-keygen prints it: base64. */
  secret: string;
}

const TSIG_TYPE = 250;
const CLASS_ANY = 255;
/** Seconds of clock difference either side that a signature tolerates (RFC 8945 recommends 300). */
const FUDGE = 300;

/** A domain name in canonical wire form: lower case, uncompressed, root-terminated. */
function canonicalName(name: string): Buffer {
  const labels = name.toLowerCase().replace(/\.$/, "").split(".").filter(Boolean);
  return Buffer.concat([...labels.map((label) => Buffer.concat([Buffer.from([Buffer.byteLength(label)]), Buffer.from(label)])), Buffer.from([0])]);
}

const uint16 = (value: number) => Buffer.from([(value >> 8) & 0xff, value & 0xff]);
const uint48 = (value: number) => {
  const buf = Buffer.alloc(6);
  buf.writeUIntBE(value, 0, 6);
  return buf;
};

const hmac = (key: TsigKey, ...parts: Buffer[]) => {
  const mac = createHmac(key.algorithm.replace("hmac-", ""), Buffer.from(key.secret, "base64"));
  for (const part of parts) mac.update(part);
  return mac.digest();
};

/** The TSIG variables the MAC covers after the message (RFC 8945 4.3.3). */
const variables = (key: TsigKey, timeSigned: number, error = 0, other = Buffer.alloc(0)) =>
  Buffer.concat([canonicalName(key.name), uint16(CLASS_ANY), Buffer.alloc(4), canonicalName(key.algorithm), uint48(timeSigned), uint16(FUDGE), uint16(error), uint16(other.length), other]);

/** The message with its additional-record count raised by one and a TSIG record appended. */
function appendTsig(message: Buffer, key: TsigKey, timeSigned: number, mac: Buffer, originalId: number, error = 0) {
  const rdata = Buffer.concat([canonicalName(key.algorithm), uint48(timeSigned), uint16(FUDGE), uint16(mac.length), mac, uint16(originalId), uint16(error), uint16(0)]);
  const record = Buffer.concat([canonicalName(key.name), uint16(TSIG_TYPE), uint16(CLASS_ANY), Buffer.alloc(4), uint16(rdata.length), rdata]);
  const signed = Buffer.concat([message, record]);
  signed.writeUInt16BE(message.readUInt16BE(10) + 1, 10);
  return signed;
}

/** Signs a request; returns the signed message and its MAC, which the answer's signature covers. */
export function signRequest(message: Buffer, key: TsigKey, now = Date.now()) {
  const timeSigned = Math.floor(now / 1000);
  const mac = hmac(key, message, variables(key, timeSigned));
  return { signed: appendTsig(message, key, timeSigned, mac, message.readUInt16BE(0)), mac };
}

/** Signs an answer to a signed request (a server's side: the simulator's zone). */
export function signResponse(message: Buffer, key: TsigKey, requestMac: Buffer, now = Date.now(), error = 0) {
  const timeSigned = Math.floor(now / 1000);
  const mac = error ? Buffer.alloc(0) : hmac(key, uint16(requestMac.length), requestMac, message, variables(key, timeSigned, error));
  return appendTsig(message, key, timeSigned, mac, message.readUInt16BE(0), error);
}

export interface TsigRecord {
  keyName: string;
  algorithm: string;
  timeSigned: number;
  fudge: number;
  mac: Buffer;
  originalId: number;
  error: number;
  /** The message as it was before its TSIG record was added: what the MAC covers. */
  unsigned: Buffer;
}

/** The TSIG record of a message (it must be the last additional record), or null when it has none. */
export function readTsig(message: Buffer): TsigRecord | null {
  // Read by hand: an update's deletes carry no data, which dns-packet's decoders misread.
  if (message.length < 12 || message.readUInt16BE(10) === 0) return null;
  const recordStart = locateLastRecord(message);
  const nameEnd = skipName(message, recordStart);
  if (message.readUInt16BE(nameEnd) !== TSIG_TYPE) return null;
  const rdataStart = nameEnd + 10;
  const algorithmEnd = skipName(message, rdataStart);
  const readName = (from: number) => nameAt(message, from);
  const macSize = message.readUInt16BE(algorithmEnd + 8);
  const macStart = algorithmEnd + 10;
  const after = macStart + macSize;
  const unsigned = Buffer.from(message.subarray(0, recordStart));
  unsigned.writeUInt16BE(message.readUInt16BE(10) - 1, 10);
  unsigned.writeUInt16BE(message.readUInt16BE(after), 0);
  return {
    keyName: readName(recordStart),
    algorithm: readName(rdataStart),
    timeSigned: message.readUIntBE(algorithmEnd, 6),
    fudge: message.readUInt16BE(algorithmEnd + 6),
    mac: Buffer.from(message.subarray(macStart, after)),
    originalId: message.readUInt16BE(after),
    error: message.readUInt16BE(after + 2),
    unsigned,
  };
}

/** Why a TSIG record does not verify under the key, or null when it does. */
export function tsigProblem(record: TsigRecord, key: TsigKey, requestMac: Buffer | null, now = Date.now()): string | null {
  if (record.keyName.toLowerCase().replace(/\.$/, "") !== key.name.toLowerCase().replace(/\.$/, "")) return `it is signed with the key ${record.keyName}, not ${key.name}`;
  if (record.algorithm.toLowerCase().replace(/\.$/, "") !== key.algorithm) return `it is signed with ${record.algorithm}, not ${key.algorithm}`;
  const expected = requestMac
    ? hmac(key, uint16(requestMac.length), requestMac, record.unsigned, variables(key, record.timeSigned, record.error))
    : hmac(key, record.unsigned, variables(key, record.timeSigned, record.error));
  if (expected.length !== record.mac.length || !timingSafeEqual(expected, record.mac)) return "its signature does not match the key's secret";
  if (Math.abs(Math.floor(now / 1000) - record.timeSigned) > record.fudge) return `it was signed ${Math.abs(Math.floor(now / 1000) - record.timeSigned)} s away from this machine's clock (more than ${record.fudge} s)`;
  return null;
}

/** The offset of the message's last resource record. */
function locateLastRecord(message: Buffer): number {
  const counts = [4, 6, 8, 10].map((at) => message.readUInt16BE(at));
  let offset = 12;
  for (let i = 0; i < counts[0]!; i++) offset = skipName(message, offset) + 4;
  const records = counts[1]! + counts[2]! + counts[3]!;
  let last = offset;
  for (let i = 0; i < records; i++) {
    last = offset;
    offset = skipName(message, offset);
    offset += 10 + message.readUInt16BE(offset + 8);
  }
  return last;
}
