// A step's recorded output as a few lines for the run page; the raw JSON stays one click away.
// Client-safe: pure functions on the JSON the steps store.

type Output = Record<string, unknown>;

const list = (value: unknown) => (Array.isArray(value) ? (value as Output[]) : []);
const counts = (value: unknown) =>
  Object.entries((value ?? {}) as Record<string, number | { created: number; replaced: number }>)
    .map(([kind, n]) => (typeof n === "number" ? `${n} ${kind}` : `${kind} ${n.created} created, ${n.replaced} replaced`))
    .join(", ");

export function describeStepOutput(output: unknown): string[] {
  if (!output || typeof output !== "object") return [];
  const o = output as Output;
  const lines: string[] = [];
  if (typeof o.skipped === "string") lines.push(`Skipped: ${o.skipped}`);
  for (const check of list(o.checks)) lines.push(`✓ ${String(check)}`);
  if (o.objects) lines.push(`Exported ${counts(o.objects) || "nothing"}`);
  if (typeof o.usedExportOfRun === "string") lines.push(`Used the export of run ${o.usedExportOfRun}`);
  if (o.applied) lines.push(`Applied ${counts(o.applied)}`);
  for (const s of list(o.stopped)) lines.push(`Stopped ${s.kind} ${s.name} (was ${s.from})`);
  for (const s of list(o.scaled)) lines.push(`Scaled ${s.namespace}/${s.name} to 0 (was ${s.from})`);
  for (const v of list(o.volumes)) {
    if (v.where) lines.push(`Claim ${v.claimName}: volume ${v.volumeId}, ${v.size} GiB, ${v.status} in the ${v.where}`);
    else if (v.claimName) lines.push(`Claim ${v.claimName} on volume ${v.volumeId}`);
  }
  for (const m of list(o.moved)) lines.push(`Volume ${m.volumeId}: ${m.how}`);
  if (typeof o.remaining === "number" && o.remaining > 0) lines.push(`${o.remaining} volume(s) still to move`);
  for (const s of list(o.snapshots)) lines.push(`Snapshot ${s.snapshotId} of ${s.sourceVolumeId}`);
  for (const c of list(o.copies)) lines.push(`Copy ${c.copyVolumeId} of ${c.sourceVolumeId}`);
  for (const w of list(o.workloads)) if ("ready" in w) lines.push(`${w.name}: ${w.ready}/${w.want} ready`);
  if (typeof o.active === "string") lines.push(`Active: ${o.active}; standby: ${o.standby}`);
  if (o.traffic && typeof o.traffic === "object") {
    const t = o.traffic as Output;
    lines.push(`Users reach ${t.globalName}: it resolves to ${t.resolvesTo} (${(t.regions as string[]).join(", ")}), answered ${((t.answeredAfterMs as number) / 1000).toFixed(1)} s after the update; clients that asked earlier follow within ${t.ttlSeconds} s (the TTL)`);
  }
  if (typeof o.namespace === "string") lines.push(`Namespace ${o.namespace}${o.created ? " created" : " already there"}`);
  for (const r of list(o.removed)) lines.push(`Removed ${String(r)}`);
  if (typeof o.restarted === "object" && list(o.restarted).length) lines.push(`Started again: ${list(o.restarted).join(", ")}`);
  if (typeof o.deletedTransfers === "number" && o.deletedTransfers > 0) lines.push(`Deleted ${o.deletedTransfers} pending transfer(s)`);
  for (const note of list(o.notes)) lines.push(`Note: ${String(note)}`);
  return lines;
}
