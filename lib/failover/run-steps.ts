import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Prisma } from "@/lib/generated/prisma/client";
import { PlatformError } from "@/lib/platform/platform-error";
import type { VolumeInfo } from "@/lib/platform/region-block-storage";
import type { KubeObject, WorkloadInfo } from "@/lib/platform/region-cluster";
import type { WorkloadFollower } from "@/lib/platform/workload-watch";
import { LABELS } from "@/lib/provisioning/labels";
import { blockValuesOf, sccAnnotations, sccDrift } from "@/lib/selinux/security-block";
import { pointGlobalName } from "./move-traffic";
import { deletePendingTransfers, moveVolumes, type MovedVolume } from "./move-volumes";
import { exportNamespace, importPlan, type NamespaceExport } from "./namespace-export";
import { checkRunCapacity } from "./capacity";
import { allInOrder, drillNamespaceOf, findExport, latestExportOf, loadExport, sealExport, StepError, waitUntil, type RunContext, type Side } from "./run-context";

// Every step of every kind of run. Each first looks at what is already there, so running it a
// second time (after a crash, a retry, on another replica) finishes the job without doing it twice.

export type StepResult = { output: Prisma.InputJsonValue } | { skipped: string; output?: Prisma.InputJsonValue };
export type Step = (ctx: RunContext) => Promise<StepResult>;

export const TRAFFIC_ANNOTATION = "continuum.io/traffic";
const DRILL_RUN_LABEL = "continuum.io/drill-run";

const countByKind = (objects: Array<{ kind: string }>) => objects.reduce<Record<string, number>>((counts, o) => ({ ...counts, [o.kind]: (counts[o.kind] ?? 0) + 1 }), {});
const drillSuffix = (ctx: RunContext) => `drill-${ctx.run.id.slice(-6)}`;
const drillVolumeName = (ctx: RunContext, sourceVolumeId: string) => `continuum-drill-${ctx.run.id}-${sourceVolumeId.slice(0, 8)}`;

function blockOf(ctx: RunContext) {
  const block = ctx.run.application.securityBlock;
  if (!block) throw new StepError(`${ctx.run.application.name} has no security block recorded; provisioning never finished. Retry provisioning from the application page first.`);
  return blockValuesOf(block);
}

export const preflight: Step = async (ctx) => {
  const { source, target, run } = ctx;
  const block = blockOf(ctx);
  // Every question to both regions at once; the answers are judged in order, so the first problem
  // said is the same as when they were asked one by one.
  const [targetVersion, , targetNamespace, sourceVersion, sourceNamespace, , exported] = await allInOrder([
    target.cluster.version(),
    target.storage.projectId(),
    run.kind !== "DRILL" ? target.cluster.getNamespace(target.namespace) : null,
    ctx.forced ? null : source.cluster.version(),
    ctx.forced ? null : source.cluster.getNamespace(source.namespace),
    source.storage.projectId(),
    // What will move, for the room it needs in the target.
    ctx.forced ? latestExportOf(ctx.db, run.applicationId, run.fromRegionId, source.namespace) : exportNamespace(source.cluster, source.namespace),
  ]);
  const checks: string[] = [`${target.region} answers (OpenShift ${targetVersion}, Cinder signed in)`];
  if (run.kind !== "DRILL") {
    if (!targetNamespace) throw new StepError(`The target namespace ${target.namespace} does not exist in ${target.region}. Repair the pairing from the application page, then retry this step.`);
    const drift = sccDrift(targetNamespace.annotations, block);
    if (drift.length > 0) {
      throw new StepError(`${target.region}/${target.namespace} does not carry the application's security block (${drift.join("; ")}); a moved volume would be unreadable there. Repair the pairing from the application page, then retry this step.`);
    }
    checks.push(`${target.region}/${target.namespace} carries the same SELinux and UID block (${block.mcs}, ${block.uidRange})`);
  }
  if (ctx.forced) {
    checks.push(`forced mode: ${source.region}'s cluster is not asked; the run uses the last export and does not stop the source`);
  } else {
    if (!sourceNamespace) throw new StepError(`The source namespace ${source.namespace} does not exist in ${source.region}.`);
    checks.push(`${source.region} answers (OpenShift ${sourceVersion}) and has ${source.namespace}`);
  }
  checks.push(`${source.region}'s Cinder project answers`);
  // Room in the target for what will move, before anything does.
  if (exported) {
    const capacity = await checkRunCapacity(exported, target, run.kind === "DRILL");
    if (!capacity.fits) throw new StepError(`Not enough room in ${target.region} for ${run.application.name}: ${capacity.shortfalls.join("; ")}. Raise the quota there (or free what uses it), then retry this step.`);
    checks.push(...capacity.lines);
  }
  return { output: { checks } };
};

export const exportSource: Step = async (ctx) => {
  const { db, run, source } = ctx;
  const summary = (exported: NamespaceExport, from?: string) => ({
    objects: countByKind(exported.objects),
    volumes: exported.volumes.map((v) => ({ pvName: v.pvName, claimName: v.claimName, volumeId: v.volumeId })),
    workloads: exported.workloads,
    notes: exported.notes,
    takenAt: exported.takenAt,
    ...(from ? { usedExportOfRun: from } : {}),
  });
  const existing = await findExport(ctx);
  if (existing) return { output: summary(existing) };
  const sourceRegionId = run.fromRegionId;
  if (ctx.forced) {
    const last = await db.applicationExport.findFirst({ where: { applicationId: run.applicationId, regionId: sourceRegionId, namespace: source.namespace }, orderBy: { createdAt: "desc" } });
    if (!last) {
      throw new StepError(
        `There is no earlier export of ${source.region}/${source.namespace}, so a forced run has nothing to import. Wait for ${source.region} to answer and run in normal mode; run DR drills regularly so a recent export always exists.`,
      );
    }
    await ctx.write((tx) => tx.applicationExport.create({ data: { applicationId: run.applicationId, runId: run.id, regionId: sourceRegionId, namespace: source.namespace, objects: last.objects as Prisma.InputJsonValue } }));
    const exported = await loadExport(ctx);
    return { output: { ...summary(exported, last.runId), notes: [...exported.notes, `forced: ${source.region} is unreachable, so this is the export of ${exported.takenAt}; changes made after it are not carried over`] } };
  }
  const exported = await exportNamespace(source.cluster, source.namespace);
  await ctx.write((tx) => tx.applicationExport.create({ data: { applicationId: run.applicationId, runId: run.id, regionId: sourceRegionId, namespace: source.namespace, objects: sealExport(exported) } }));
  return { output: summary(exported) };
};

export const stopSource: Step = async (ctx) => {
  const { source } = ctx;
  if (ctx.forced) return { skipped: `forced: ${source.region} is unreachable, so its workloads were not stopped. Keep it fenced (its workloads at 0) before it rejoins.` };
  const follower = source.cluster.followWorkloads(source.namespace);
  try {
    const running = (await source.cluster.listWorkloads(source.namespace)).filter((w) => w.replicas > 0);
    await allInOrder(running.map((w) => source.cluster.scaleWorkload(source.namespace, w.kind, w.name, 0)));
    const stopped = running.map((w) => ({ kind: w.kind, name: w.name, from: w.replicas }));
    await waitForWorkloads(ctx, source, follower, `the workloads in ${source.region}/${source.namespace} to stop`, (live) => {
      const still = live.filter((w) => w.readyReplicas > 0);
      return { done: still.length === 0, value: live.map((w) => ({ name: w.name, ready: w.readyReplicas, want: 0 })), summary: still.map((w) => `${w.name} still has ${w.readyReplicas} ready`).join(", ") };
    });
    return { output: { stopped, stoppedAt: new Date().toISOString() } };
  } finally {
    follower.close();
  }
};

type VolumePlace = { volumeId: string; pvName: string; claimName: string; where: "source" | "target"; status: string; size: number };

export const mapVolumes: Step = async (ctx) => {
  const { source, target } = ctx;
  const exported = await loadExport(ctx);
  const notes: string[] = [];
  const places: VolumePlace[] = [];
  for (const volume of exported.volumes) {
    let info: VolumeInfo | null = await source.storage.getVolume(volume.volumeId);
    if (!info) {
      const moved = await target.storage.getVolume(volume.volumeId);
      if (!moved) throw new StepError(`Volume ${volume.volumeId} (PV ${volume.pvName}) is in neither ${source.region}'s nor ${target.region}'s project.`);
      places.push({ ...volume, where: "target", status: moved.status, size: moved.size });
      continue;
    }
    if (ctx.forced && info.status === "in-use") {
      await source.storage.forceDetach(volume.volumeId);
      notes.push(`forced: volume ${volume.volumeId} was still attached to ${info.attachedTo.join(", ")} in unreachable ${source.region}; it was force-detached (crash-consistent)`);
    }
    info = await waitUntil(ctx, `volume ${volume.volumeId} (PV ${volume.pvName}) to become available`, async () => {
      const now = await source.storage.getVolume(volume.volumeId);
      if (now?.status === "available" || now?.status === "awaiting-transfer") return { done: true, value: now };
      return { done: false, seen: `it is ${now?.status ?? "gone"}${now?.attachedTo.length ? `, attached to ${now.attachedTo.join(", ")}` : ""}` };
    });
    places.push({ ...volume, where: "source", status: info.status, size: info.size });
  }
  return { output: { volumes: places, notes } };
};

export const moveFailoverVolumes: Step = async (ctx) => {
  const exported = await loadExport(ctx);
  const moved = await moveVolumes(ctx, exported.volumes.map((v) => v.volumeId));
  return { output: { moved: moved as unknown as Prisma.InputJsonValue } };
};

export const freeCapacity: Step = async (ctx) => {
  if (!ctx.options.freeCapacity) return { skipped: "not asked for: dev and test in the target region keep running" };
  const { run, target } = ctx;
  const scaled: Array<{ namespace: string; name: string; from: number }> = [];
  for (const ns of run.application.namespaces.filter((n) => n.regionId === run.toRegionId && (n.role === "DEV" || n.role === "TEST"))) {
    for (const workload of await target.cluster.listWorkloads(ns.name)) {
      if (workload.replicas === 0) continue;
      await target.cluster.scaleWorkload(ns.name, workload.kind, workload.name, 0);
      scaled.push({ namespace: ns.name, name: workload.name, from: workload.replicas });
    }
  }
  return { output: { scaled } };
};

type DrillCopy = { sourceVolumeId: string; snapshotId: string; copyVolumeId?: string };

export const importTarget: Step = async (ctx) => {
  const { target, run } = ctx;
  const exported = await loadExport(ctx);
  const drill = run.kind === "DRILL";
  const copies = drill ? (ctx.outputOf<{ copies: DrillCopy[] }>("clone-volumes")?.copies ?? []) : [];
  const plan = importPlan(exported, target, drill ? { pvSuffix: drillSuffix(ctx), withRoutes: false, volumeIdOf: (id) => copies.find((c) => c.sourceVolumeId === id)?.copyVolumeId ?? id } : {});
  // Carries on after the objects an earlier attempt (or a replica that died) already applied.
  const earlier = ctx.outputOf<ImportProgress>("import-target");
  const applied = earlier?.applied ?? {};
  const appliedKeys = new Set(earlier?.appliedKeys ?? []);
  const keyOf = (o: KubeObject) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
  const progress = (): ImportProgress => ({ applied, appliedKeys: [...appliedKeys], remaining: plan.objects.length - appliedKeys.size });
  let reported = Date.now();
  // The objects do not depend on each other (a claim waits for its volume, workloads are at 0), so
  // several are applied at once; the first failure stops taking more, and what finished is recorded.
  const queue = plan.objects.filter((object) => !appliedKeys.has(keyOf(object)));
  const applyNext = async (): Promise<void> => {
    for (let object = queue.shift(); object; object = queue.shift()) {
      const how = await target.cluster.applyObject(object).catch((error: unknown) => {
        queue.length = 0;
        throw error;
      });
      applied[object.kind] ??= { created: 0, replaced: 0 };
      applied[object.kind]![how]++;
      appliedKeys.add(keyOf(object));
      if (Date.now() - reported > 250) {
        reported = Date.now();
        await ctx.progress(progress());
      }
    }
  };
  const appliers = Array.from({ length: IMPORT_AT_ONCE }, () => applyNext());
  const failed = (await Promise.allSettled(appliers)).find((o) => o.status === "rejected");
  if (failed) {
    // What did get applied is kept, so the retry carries on after it (on success the output says it all).
    if (!ctx.signal.aborted && appliedKeys.size > (earlier?.appliedKeys?.length ?? 0)) await ctx.progress(progress()).catch(() => undefined);
    throw failed.reason;
  }
  return { output: { applied, notes: plan.notes, ...(earlier ? { carriedOnAfter: earlier.appliedKeys.length } : {}) } };
};

/** Objects one run applies at once: enough to hide the round trips, few enough that 32 runs do not flood a cluster (its connection pool bounds it too). */
const IMPORT_AT_ONCE = 6;

type ImportProgress = { applied: Record<string, { created: number; replaced: number }>; appliedKeys: string[]; remaining: number };

/**
 * Waits until `judge` is satisfied with a side's workloads. The region's shared watch says when
 * something changed (`follower`, opened before the change the wait is for, so nothing is missed);
 * since a watch may lag, an end it reports is confirmed with one read of the API server. While the
 * watch is not in sync (starting, reconnecting, refused) the wait polls.
 */
async function waitForWorkloads<T>(
  ctx: RunContext,
  side: Side,
  follower: WorkloadFollower,
  what: string,
  judge: (live: WorkloadInfo[]) => { done: boolean; value: T; summary: string },
): Promise<T> {
  const read = () => side.cluster.listWorkloads(side.namespace);
  let last = "";
  let warning = { text: "", readAt: Date.now() };
  return waitUntil(
    ctx,
    what,
    async (final) => {
      const watched = follower.current();
      let verdict = judge(watched ?? (await read()));
      if (watched && verdict.done) verdict = judge(await read());
      // The step's own output follows at once when it is done; progress is for the wait.
      if (verdict.done) return { done: true, value: verdict.value };
      if (verdict.summary !== last) {
        last = verdict.summary;
        await ctx.progress({ workloads: verdict.value as Prisma.InputJsonValue });
      }
      // Why a pod does not start, for the person reading the run page; asked every few seconds, not at every look.
      if (final || Date.now() - warning.readAt > WARNINGS_EVERY_MS) {
        const warnings = await side.cluster.warningEvents(side.namespace).catch(() => []);
        warning = { text: warnings.length ? `; latest warning: ${warnings[0]!.object}: ${warnings[0]!.message}` : "", readAt: Date.now() };
      }
      return { done: false, seen: `${verdict.summary}${warning.text}` };
    },
    (interval) => follower.next(follower.current() ? WATCHED_PAUSE_MS : interval, ctx.signal),
  );
}

/** With the watch in sync, a wait looks again at each change, and at the latest after this long. */
const WATCHED_PAUSE_MS = 1000;
const WARNINGS_EVERY_MS = 2000;

/** Scales each workload to its remembered replicas in one side's namespace and waits until every pod is ready. */
async function startWorkloads(ctx: RunContext, side: Side, workloads: NamespaceExport["workloads"]) {
  const wanted = workloads.filter((w) => w.replicas > 0);
  const follower = side.cluster.followWorkloads(side.namespace);
  try {
    await allInOrder(
      wanted.map(async (workload) => {
        const live = await side.cluster.getWorkload(side.namespace, workload.kind, workload.name);
        if (!live) throw new StepError(`${workload.kind} ${workload.name} is missing in ${side.region}/${side.namespace}; retry the import step.`);
        if (live.replicas !== workload.replicas) await side.cluster.scaleWorkload(side.namespace, workload.kind, workload.name, workload.replicas);
      }),
    );
    return await waitForWorkloads(ctx, side, follower, `every workload in ${side.region}/${side.namespace} to be ready`, (live) => {
      const status = wanted.map((w) => ({ name: w.name, ready: live.find((l) => l.kind === w.kind && l.name === w.name)?.readyReplicas ?? 0, want: w.replicas }));
      return { done: status.every((s) => s.ready >= s.want), value: status, summary: status.map((s) => `${s.name} ${s.ready}/${s.want}`).join(", ") };
    });
  } finally {
    follower.close();
  }
}

export const startTarget: Step = async (ctx) => {
  const exported = await loadExport(ctx);
  const workloads = await startWorkloads(ctx, ctx.target, exported.workloads);
  return { output: { workloads, readyAt: new Date().toISOString() } };
};

export const switchTraffic: Step = async (ctx) => {
  const { run, source, target } = ctx;
  const notes: string[] = [];
  await target.cluster.setNamespaceAnnotations(target.namespace, { [TRAFFIC_ANNOTATION]: "active" });
  try {
    await source.cluster.setNamespaceAnnotations(source.namespace, { [TRAFFIC_ANNOTATION]: "standby" });
  } catch (error) {
    if (!ctx.forced) throw error;
    notes.push(`forced: ${source.region} is unreachable; mark ${source.namespace} standby there when it is back`);
  }
  await ctx.write(async (tx) => {
    const before = await tx.application.findUniqueOrThrow({ where: { id: run.applicationId }, select: { activeRegionId: true } });
    if (before.activeRegionId === run.toRegionId) return;
    await tx.application.update({ where: { id: run.applicationId }, data: { activeRegionId: run.toRegionId } });
    await recordAuditEvent(tx, {
      action: "application.active_region_changed",
      actor: "system",
      target: { type: "application", id: run.applicationId },
      applicationId: run.applicationId,
      before: { activeRegion: source.region },
      after: { activeRegion: target.region, runId: run.id },
    });
  });
  // Users follow the data: the global name now points at the target's router only (a forced run so drops the dead region).
  const traffic = ctx.traffic ? await pointGlobalName(ctx.traffic, ctx, run.application.name, [target.region]) : null;
  if (!traffic) notes.push("the portal changes no DNS here (no CONTINUUM_TRAFFIC_CONFIG): point users at the target region's router yourself");
  return { output: { active: `${target.region}/${target.namespace}`, standby: `${source.region}/${source.namespace}`, traffic, notes } };
};

export const snapshotVolumes: Step = async (ctx) => {
  const { source } = ctx;
  const exported = await loadExport(ctx);
  const existing = await source.storage.listSnapshots();
  const snapshots: DrillCopy[] = [];
  for (const volume of exported.volumes) {
    const name = drillVolumeName(ctx, volume.volumeId);
    const snapshot = existing.find((s) => s.name === name) ?? (await source.storage.createSnapshot(volume.volumeId, name, true));
    await waitUntil(ctx, `snapshot ${snapshot.id} of volume ${volume.volumeId}`, async () => {
      const now = await source.storage.getSnapshot(snapshot.id);
      return now?.status === "available" ? { done: true, value: now } : { done: false, seen: `it is ${now?.status ?? "gone"}` };
    });
    snapshots.push({ sourceVolumeId: volume.volumeId, snapshotId: snapshot.id });
  }
  return { output: { snapshots, takenAt: new Date().toISOString() } };
};

export const cloneVolumes: Step = async (ctx) => {
  const { source, target } = ctx;
  const snapshots = ctx.outputOf<{ snapshots: DrillCopy[] }>("snapshot-volumes")?.snapshots ?? [];
  const [inSource, inTarget] = await Promise.all([source.storage.listVolumes(), target.storage.listVolumes()]);
  const copies: DrillCopy[] = [];
  for (const snapshot of snapshots) {
    const name = drillVolumeName(ctx, snapshot.sourceVolumeId);
    const moved = inTarget.find((v) => v.name === name);
    if (moved) {
      copies.push({ ...snapshot, copyVolumeId: moved.id });
      continue;
    }
    const copy = inSource.find((v) => v.name === name) ?? (await source.storage.createVolume({ name, snapshotId: snapshot.snapshotId }));
    await waitUntil(ctx, `the copy ${copy.id} of volume ${snapshot.sourceVolumeId}`, async () => {
      const now = await source.storage.getVolume(copy.id);
      return now && now.status !== "creating" ? { done: true, value: now } : { done: false, seen: `it is ${now?.status ?? "gone"}` };
    });
    copies.push({ ...snapshot, copyVolumeId: copy.id });
  }
  return { output: { copies } };
};

export const moveDrillCopies: Step = async (ctx) => {
  const copies = ctx.outputOf<{ copies: DrillCopy[] }>("clone-volumes")?.copies ?? [];
  const moved: MovedVolume[] = await moveVolumes(ctx, copies.map((c) => c.copyVolumeId!));
  return { output: { moved: moved as unknown as Prisma.InputJsonValue } };
};

export const createDrillNamespace: Step = async (ctx) => {
  const { target, run } = ctx;
  const existing = await target.cluster.getNamespace(target.namespace);
  if (existing && existing.labels[DRILL_RUN_LABEL] !== run.id) throw new StepError(`${target.region} already has a namespace ${target.namespace} that this drill did not create; remove it, then retry.`);
  if (!existing) {
    await target.cluster.createNamespace({
      name: target.namespace,
      labels: { [LABELS.application]: run.application.name, [LABELS.role]: "drill", [LABELS.managedBy]: "continuum", [DRILL_RUN_LABEL]: run.id },
      annotations: { ...sccAnnotations(blockOf(ctx)), "openshift.io/display-name": `${run.application.name} (DR drill)`, "openshift.io/description": `DR drill ${run.id}: isolated, torn down at the end` },
    });
  }
  return { output: { namespace: `${target.region}/${target.namespace}`, created: !existing } };
};

export const checkDrill: Step = async (ctx) => {
  const { target } = ctx;
  const exported = await loadExport(ctx);
  const checks: string[] = [];
  const problems: string[] = [];
  const workloads = await target.cluster.listWorkloads(target.namespace);
  for (const wanted of exported.workloads.filter((w) => w.replicas > 0)) {
    const live = workloads.find((w) => w.kind === wanted.kind && w.name === wanted.name);
    if (live && live.readyReplicas >= wanted.replicas) checks.push(`${wanted.name}: ${live.readyReplicas}/${wanted.replicas} ready`);
    else problems.push(`${wanted.name}: ${live?.readyReplicas ?? 0}/${wanted.replicas} ready`);
  }
  for (const claim of (await target.cluster.listObjects("v1", "PersistentVolumeClaim", target.namespace)) ?? []) {
    const phase = (claim.status as { phase?: string } | undefined)?.phase;
    (phase === "Bound" ? checks : problems).push(`claim ${claim.metadata.name}: ${phase ?? "no status"}`);
  }
  for (const copy of ctx.outputOf<{ copies: DrillCopy[] }>("clone-volumes")?.copies ?? []) {
    const volume = await target.storage.getVolume(copy.copyVolumeId!);
    (volume?.status === "in-use" ? checks : problems).push(`copy of ${copy.sourceVolumeId}: ${volume ? `${volume.status} in ${target.region}` : "missing"}`);
  }
  if (problems.length) throw new StepError(`The drill's copy is not healthy: ${problems.join("; ")}. Retry this step, or abort to tear the drill down.`, true);
  return { output: { checks } };
};

/** Removes everything a drill created, in the target and the source; safe to run any number of times. */
async function tearDownDrill(ctx: RunContext) {
  const { target, source, run } = ctx;
  const removed: string[] = [];
  const pending = await deletePendingTransfers(ctx);
  if (pending) removed.push(`${pending} pending transfer(s)`);
  const namespace = drillNamespaceOf(run);
  const live = await target.cluster.getNamespace(namespace);
  if (live && live.labels[DRILL_RUN_LABEL] === run.id) {
    await target.cluster.deleteNamespace(namespace);
    removed.push(`namespace ${target.region}/${namespace}`);
  }
  const exported = await findExport(ctx);
  for (const pv of exported?.persistentVolumes ?? []) {
    const name = `${pv.metadata.name}-${drillSuffix(ctx)}`;
    if (await target.cluster.getObject({ apiVersion: "v1", kind: "PersistentVolume", name })) {
      await target.cluster.deleteObject({ apiVersion: "v1", kind: "PersistentVolume", name });
      removed.push(`PV ${name}`);
    }
  }
  const copies = ctx.outputOf<{ copies: DrillCopy[] }>("clone-volumes")?.copies ?? [];
  const snapshots = ctx.outputOf<{ snapshots: DrillCopy[] }>("snapshot-volumes")?.snapshots ?? [];
  // Copies and snapshots by name too: an attempt may have died before it recorded them.
  const names = new Set((exported?.volumes ?? []).map((v) => drillVolumeName(ctx, v.volumeId)));
  for (const side of [target, source]) {
    const ours = (await side.storage.listVolumes()).filter((v) => names.has(v.name ?? "") || copies.some((c) => c.copyVolumeId === v.id));
    for (const volume of ours) {
      await waitUntil(ctx, `the drill's copy ${volume.id} to be detached`, async () => {
        const now = await side.storage.getVolume(volume.id);
        return !now || now.status === "available" || now.status === "error" ? { done: true, value: null } : { done: false, seen: `it is ${now.status}` };
      });
      await side.storage.deleteVolume(volume.id);
      removed.push(`copy ${volume.id} in ${side.region}`);
    }
  }
  for (const snapshot of (await source.storage.listSnapshots()).filter((s) => names.has(s.name ?? "") || snapshots.some((x) => x.snapshotId === s.id))) {
    await source.storage.deleteSnapshot(snapshot.id);
    removed.push(`snapshot ${snapshot.id} in ${source.region}`);
  }
  return removed;
}

export const teardown: Step = async (ctx) => ({ output: { removed: await tearDownDrill(ctx), productionTouched: false } });

export const rollback: Step = async (ctx) => {
  if (ctx.run.kind === "DRILL") return { output: { removed: await tearDownDrill(ctx) } };
  const { source, target } = ctx;
  const exported = await findExport(ctx);
  for (const volume of exported?.volumes ?? []) {
    if (await target.storage.getVolume(volume.volumeId)) {
      throw new StepError(`Volume ${volume.volumeId} is already in ${target.region}; rolling back would leave the application in neither region. Resume the run instead, and fail back afterwards if needed.`);
    }
  }
  const deleted = await deletePendingTransfers(ctx);
  // Forced: the source was never stopped (and does not answer), so there is nothing to start.
  const restarted = ctx.forced || !exported ? [] : (await startWorkloads(ctx, source, exported.workloads)).map((w) => `${w.name} ${w.ready}/${w.want} ready`);
  return { output: { deletedTransfers: deleted, restarted } };
};

/** Whether a platform error may pass by itself (and the step is worth trying again). */
export const isRetryable = (error: unknown) => (error instanceof StepError ? error.retryable : error instanceof PlatformError ? error.retryable : false);
