import { PlatformError } from "@/lib/platform/platform-error";
import { open, seal } from "./secret-box";
import { allInOrder, StepError, type RunContext } from "./run-context";

// Step 5 and 6 of the procedure for each volume: a Cinder transfer created in the source project
// and accepted by the target's. The auth_key is sealed in the database only while the transfer
// waits; a transfer that cannot be accepted is deleted so the volume is back in its project.

export const transferNameOf = (runId: string) => `continuum-run-${runId}`;

export interface MovedVolume {
  volumeId: string;
  how: "transferred" | "already in target";
  transferId?: string;
}

export async function moveVolumes(ctx: RunContext, volumeIds: string[]): Promise<MovedVolume[]> {
  const { db, run, source, target } = ctx;
  const moved: MovedVolume[] = [];
  // Each volume's transfer is its own: all of them at once, a failure said for the first volume that failed.
  await allInOrder(volumeIds.map((volumeId) => moveVolume(volumeId)));
  return volumeIds.map((id) => moved.find((m) => m.volumeId === id)!);

  async function moveVolume(volumeId: string) {
    if (await target.storage.getVolume(volumeId)) {
      await ctx.write((tx) => tx.runTransfer.updateMany({ where: { runId: run.id, volumeId, acceptedAt: null, deletedAt: null }, data: { acceptedAt: new Date(), sealedAuthKey: null } }));
      moved.push({ volumeId, how: "already in target" });
      return;
    }
    const volume = await source.storage.getVolume(volumeId);
    if (!volume) throw new StepError(`Volume ${volumeId} is in neither ${source.region}'s nor ${target.region}'s project. Find it in OpenStack before retrying.`);

    let transfer: { id: string; authKey: string } | null = null;
    const row = await db.runTransfer.findUnique({ where: { runId_volumeId: { runId: run.id, volumeId } } });
    const liveTransfers = volume.status === "awaiting-transfer" ? (await source.storage.listTransfers()).filter((t) => t.volumeId === volumeId) : [];
    if (row?.sealedAuthKey && !row.acceptedAt && !row.deletedAt && liveTransfers.some((t) => t.id === row.transferId)) {
      transfer = { id: row.transferId, authKey: open(row.sealedAuthKey) };
    } else {
      for (const dangling of liveTransfers) {
        // Ours from an attempt that died before its key was stored: no one can accept it, delete it.
        if (dangling.name !== transferNameOf(run.id)) {
          throw new StepError(`Volume ${volumeId} is awaiting transfer ${dangling.id} ("${dangling.name ?? "unnamed"}"), which this run did not create. Someone else is moving it; find out who before retrying.`);
        }
        await source.storage.deleteTransfer(dangling.id);
      }
      const created = await source.storage.createTransfer(volumeId, transferNameOf(run.id));
      transfer = { id: created.id, authKey: created.authKey };
      const data = { transferId: created.id, sealedAuthKey: seal(created.authKey), acceptedAt: null, deletedAt: null };
      await ctx.write((tx) => tx.runTransfer.upsert({ where: { runId_volumeId: { runId: run.id, volumeId } }, create: { runId: run.id, volumeId, ...data }, update: data }));
    }

    try {
      await target.storage.acceptTransfer(transfer.id, transfer.authKey);
    } catch (error) {
      const detail = (error as Error).message;
      // Never leave the volume stranded in awaiting-transfer.
      await source.storage.deleteTransfer(transfer.id);
      await ctx.write((tx) => tx.runTransfer.update({ where: { runId_volumeId: { runId: run.id, volumeId } }, data: { deletedAt: new Date(), sealedAuthKey: null } }));
      throw new StepError(
        `${target.region} did not accept the transfer of volume ${volumeId}: ${detail}. The transfer was deleted, so the volume is back in ${source.region}'s project and nothing is lost; retrying this step creates a new transfer.`,
        error instanceof PlatformError ? error.retryable : false,
      );
    }
    await ctx.write((tx) => tx.runTransfer.update({ where: { runId_volumeId: { runId: run.id, volumeId } }, data: { acceptedAt: new Date(), sealedAuthKey: null } }));
    moved.push({ volumeId, how: "transferred", transferId: transfer.id });
    await ctx.progress({ moved: [...moved] as never, remaining: volumeIds.length - moved.length });
  }
}

/** Deletes the transfers this run created and did not get accepted (abort, drill teardown). */
export async function deletePendingTransfers(ctx: RunContext): Promise<number> {
  const pending = await ctx.db.runTransfer.findMany({ where: { runId: ctx.run.id, acceptedAt: null, deletedAt: null } });
  for (const row of pending) {
    await ctx.source.storage.deleteTransfer(row.transferId);
    await ctx.write((tx) => tx.runTransfer.update({ where: { id: row.id }, data: { deletedAt: new Date(), sealedAuthKey: null } }));
  }
  return pending.length;
}
