// Reading names in DNS messages by hand, for the records dns-packet cannot decode as they are
// (a TSIG record, an update's deletes with no data).

/** The name at an offset, following compression pointers. */
export function nameAt(message: Buffer, offset: number): string {
  const labels: string[] = [];
  for (let hops = 0; hops < 64; hops++) {
    const length = message[offset]!;
    if (length === 0) return labels.join(".");
    if ((length & 0xc0) === 0xc0) offset = message.readUInt16BE(offset) & 0x3fff;
    else {
      labels.push(message.toString("latin1", offset + 1, offset + 1 + length));
      offset += length + 1;
    }
  }
  throw new Error("a name in the message loops");
}

/** The offset just past a (possibly compressed) name. */
export function skipName(message: Buffer, offset: number): number {
  for (;;) {
    const length = message[offset]!;
    if (length === 0) return offset + 1;
    if ((length & 0xc0) === 0xc0) return offset + 2;
    offset += length + 1;
  }
}
