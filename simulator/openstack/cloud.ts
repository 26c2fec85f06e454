import { randomBytes, randomUUID } from "node:crypto";

// One OpenStack cloud behind every region, one project (tenant) per region, as in the proof of
// concept: both clusters are tenants of one cloud, which is what lets a Cinder transfer move a
// volume from one region's project to the other's.

export class OpenStackError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Project {
  id: string;
  name: string;
  region: string;
}

export interface VolumeAttachment {
  id: string;
  attachment_id: string;
  volume_id: string;
  server_id: string;
  host_name: string;
  device: string;
  attached_at: string;
}

export interface Volume {
  id: string;
  name: string | null;
  description: string | null;
  size: number;
  status: "creating" | "available" | "in-use" | "awaiting-transfer" | "deleting" | "error";
  project_id: string;
  created_at: string;
  updated_at: string | null;
  attachments: VolumeAttachment[];
  metadata: Record<string, string>;
  snapshot_id: string | null;
  source_volid: string | null;
  volume_type: string;
  /** What the volume holds: the rows a test writes and reads back after a move. */
  data: unknown;
}

export interface Snapshot {
  id: string;
  name: string | null;
  description: string | null;
  volume_id: string;
  size: number;
  status: "creating" | "available" | "deleting";
  project_id: string;
  created_at: string;
  updated_at: string | null;
  metadata: Record<string, string>;
  data: unknown;
}

export interface Transfer {
  id: string;
  name: string | null;
  volume_id: string;
  auth_key: string;
  project_id: string;
  created_at: string;
  no_snapshots: boolean;
}

/**
 * The quotas a simulated project starts with (cinder.conf's quota_volumes, quota_gigabytes,
 * quota_snapshots). Cinder's own defaults are 10, 1000 and 10; a region of hundreds of applications
 * has had them raised, so the simulator starts there. Set them like any cloud's: PUT os-quota-sets.
 */
export const DEFAULT_QUOTAS = { volumes: 1000, gigabytes: 10_000, snapshots: 1000, backups: 10, backup_gigabytes: 1000, groups: 10, per_volume_gigabytes: -1 } as const;
export type QuotaName = keyof typeof DEFAULT_QUOTAS;

export interface CloudOptions {
  /** How long a new volume or snapshot stays `creating`. */
  provisionDelayMs: number;
}

const now = () => new Date().toISOString().replace("Z", "000");

export class OpenStackCloud {
  readonly projects: Project[];
  readonly volumes = new Map<string, Volume>();
  readonly snapshots = new Map<string, Snapshot>();
  readonly transfers = new Map<string, Transfer>();
  /** Limits set per project (-1: unlimited); the defaults hold for the rest. */
  readonly quotas = new Map<string, Partial<Record<QuotaName, number>>>();
  /** Every auth_key ever issued, kept after the transfer is gone, so a test can search for leaks. */
  readonly issuedAuthKeys: string[] = [];
  private readonly listeners = new Set<(volumeId?: string) => void>();

  constructor(
    regions: string[],
    private readonly options: CloudOptions,
  ) {
    this.projects = regions.map((region) => ({ id: randomUUID().replace(/-/g, ""), name: `continuum-${region}`, region }));
  }

  /** Told of every change, with the volume it concerns when it concerns one (clusters then re-check only what mounts it). */
  onChange(listener: (volumeId?: string) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(volumeId?: string) {
    for (const listener of this.listeners) listener(volumeId);
  }

  projectOfRegion(region: string): Project {
    const project = this.projects.find((p) => p.region === region);
    if (!project) throw new Error(`no OpenStack project for region ${region}`);
    return project;
  }

  volume(projectId: string, id: string): Volume {
    const volume = this.volumes.get(id);
    if (!volume || volume.project_id !== projectId) throw new OpenStackError(404, `Volume ${id} could not be found.`);
    return volume;
  }

  listVolumes(projectId: string): Volume[] {
    return [...this.volumes.values()].filter((v) => v.project_id === projectId);
  }

  private later(action: () => void) {
    if (this.options.provisionDelayMs <= 0) action();
    else setTimeout(action, this.options.provisionDelayMs).unref();
  }

  /** A project's limits and what it uses of them, as os-quota-sets?usage=true reports them. */
  quotaUsage(projectId: string): Record<QuotaName, { limit: number; in_use: number; reserved: number; allocated: number }> {
    const limits = { ...DEFAULT_QUOTAS, ...this.quotas.get(projectId) };
    const volumes = [...this.volumes.values()].filter((v) => v.project_id === projectId);
    const snapshots = [...this.snapshots.values()].filter((s) => s.project_id === projectId);
    // No backups or groups here; per_volume_gigabytes is a ceiling on one volume, never "in use".
    const inUse: Record<QuotaName, number> = { volumes: volumes.length, gigabytes: volumes.reduce((sum, v) => sum + v.size, 0) + snapshots.reduce((sum, s) => sum + s.size, 0), snapshots: snapshots.length, backups: 0, backup_gigabytes: 0, groups: 0, per_volume_gigabytes: 0 };
    return Object.fromEntries((Object.keys(DEFAULT_QUOTAS) as QuotaName[]).map((name) => [name, { limit: limits[name], in_use: inUse[name], reserved: 0, allocated: 0 }])) as ReturnType<OpenStackCloud["quotaUsage"]>;
  }

  setQuotas(projectId: string, limits: Partial<Record<QuotaName, number>>) {
    this.quotas.set(projectId, { ...this.quotas.get(projectId), ...limits });
    this.changed();
  }

  /** Refuses, as Cinder does (413), a project taking more volumes or gigabytes than its quota allows. */
  private reserve(projectId: string, volumes: number, gigabytes: number, volumeSize = 0) {
    const usage = this.quotaUsage(projectId);
    const perVolume = usage.per_volume_gigabytes.limit;
    if (perVolume >= 0 && volumeSize > perVolume) {
      throw new OpenStackError(400, `Invalid input received: Volume size '${volumeSize}' must be an integer and greater than 0 and less than or equal to per_volume_gigabytes ${perVolume}.`);
    }
    if (usage.volumes.limit >= 0 && usage.volumes.in_use + volumes > usage.volumes.limit) {
      throw new OpenStackError(413, `VolumeLimitExceeded: Maximum number of volumes allowed (${usage.volumes.limit}) exceeded for quota 'volumes'.`);
    }
    if (usage.gigabytes.limit >= 0 && usage.gigabytes.in_use + gigabytes > usage.gigabytes.limit) {
      throw new OpenStackError(413, `VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested ${gigabytes}G, quota is ${usage.gigabytes.limit}G and ${usage.gigabytes.in_use}G has been consumed.`);
    }
  }

  createVolume(
    projectId: string,
    input: { size?: number; name?: string | null; description?: string | null; metadata?: Record<string, string>; snapshot_id?: string | null; source_volid?: string | null; volume_type?: string | null },
    data: unknown = null,
  ): Volume {
    let size = input.size;
    let contents = data;
    if (input.snapshot_id) {
      const snapshot = this.snapshots.get(input.snapshot_id);
      if (!snapshot || snapshot.project_id !== projectId) throw new OpenStackError(404, `Snapshot ${input.snapshot_id} could not be found.`);
      if (snapshot.status !== "available") throw new OpenStackError(400, `Invalid snapshot: Originating snapshot status must be one of 'available' values`);
      size ??= snapshot.size;
      contents = structuredClone(snapshot.data);
    }
    if (input.source_volid) {
      const source = this.volume(projectId, input.source_volid);
      size ??= source.size;
      contents = structuredClone(source.data);
    }
    if (!Number.isInteger(size) || size! < 1) throw new OpenStackError(400, "Invalid input received: Volume size must be an integer greater than 0");
    this.reserve(projectId, 1, size!, size!);
    const volume: Volume = {
      id: randomUUID(),
      name: input.name ?? null,
      description: input.description ?? null,
      size: size!,
      status: "creating",
      project_id: projectId,
      created_at: now(),
      updated_at: null,
      attachments: [],
      metadata: input.metadata ?? {},
      snapshot_id: input.snapshot_id ?? null,
      source_volid: input.source_volid ?? null,
      volume_type: input.volume_type ?? "__DEFAULT__",
      data: contents,
    };
    this.volumes.set(volume.id, volume);
    this.changed(volume.id);
    this.later(() => {
      if (volume.status === "creating") this.setStatus(volume, "available");
    });
    return volume;
  }

  private setStatus(volume: Volume, status: Volume["status"]) {
    volume.status = status;
    volume.updated_at = now();
    this.changed(volume.id);
  }

  updateVolume(projectId: string, id: string, input: { name?: string; description?: string; metadata?: Record<string, string> }) {
    const volume = this.volume(projectId, id);
    if (input.name !== undefined) volume.name = input.name;
    if (input.description !== undefined) volume.description = input.description;
    if (input.metadata !== undefined) volume.metadata = input.metadata;
    volume.updated_at = now();
    this.changed(volume.id);
    return volume;
  }

  deleteVolume(projectId: string, id: string) {
    const volume = this.volume(projectId, id);
    if (!["available", "error"].includes(volume.status)) {
      throw new OpenStackError(400, `Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.`);
    }
    if ([...this.snapshots.values()].some((s) => s.volume_id === id)) {
      throw new OpenStackError(400, `Invalid volume: Volume ${id} still has dependent snapshots.`);
    }
    this.volumes.delete(id);
    this.changed(id);
  }

  /** Attaches a volume to a node of a region's cluster; refused when attached elsewhere. */
  attach(volumeId: string, serverId: string) {
    const volume = this.volumes.get(volumeId);
    if (!volume) throw new OpenStackError(404, `Volume ${volumeId} could not be found.`);
    if (volume.attachments.some((a) => a.server_id === serverId)) return volume;
    if (volume.status !== "available") throw new OpenStackError(400, `Invalid volume: volume ${volumeId} is ${volume.status}, not available`);
    const attachmentId = randomUUID();
    volume.attachments.push({ id: volumeId, attachment_id: attachmentId, volume_id: volumeId, server_id: serverId, host_name: serverId, device: "/dev/vdb", attached_at: now() });
    this.setStatus(volume, "in-use");
    return volume;
  }

  detach(volumeId: string, serverId: string) {
    const volume = this.volumes.get(volumeId);
    if (!volume) return;
    const before = volume.attachments.length;
    volume.attachments = volume.attachments.filter((a) => a.server_id !== serverId);
    if (before !== volume.attachments.length && volume.attachments.length === 0) this.setStatus(volume, "available");
  }

  /** Drops every attachment whatever the node's state: the volume becomes available. */
  forceDetach(projectId: string, id: string) {
    const volume = this.volume(projectId, id);
    if (volume.attachments.length === 0) return;
    volume.attachments = [];
    this.setStatus(volume, "available");
  }

  snapshot(projectId: string, id: string): Snapshot {
    const snapshot = this.snapshots.get(id);
    if (!snapshot || snapshot.project_id !== projectId) throw new OpenStackError(404, `Snapshot ${id} could not be found.`);
    return snapshot;
  }

  createSnapshot(projectId: string, input: { volume_id: string; name?: string | null; description?: string | null; force?: boolean; metadata?: Record<string, string> }) {
    const volume = this.volume(projectId, input.volume_id);
    if (volume.status === "in-use" && !input.force) {
      throw new OpenStackError(400, `Invalid volume: Volume ${volume.id} status must be available, but current status is: in-use.`);
    }
    if (!["available", "in-use"].includes(volume.status)) {
      throw new OpenStackError(400, `Invalid volume: Volume ${volume.id} status must be available or in-use, but current status is: ${volume.status}.`);
    }
    const usage = this.quotaUsage(projectId);
    if (usage.snapshots.limit >= 0 && usage.snapshots.in_use + 1 > usage.snapshots.limit) {
      throw new OpenStackError(413, `SnapshotLimitExceeded: Maximum number of snapshots allowed (${usage.snapshots.limit}) exceeded for quota 'snapshots'.`);
    }
    this.reserve(projectId, 0, volume.size);
    const snapshot: Snapshot = {
      id: randomUUID(),
      name: input.name ?? null,
      description: input.description ?? null,
      volume_id: volume.id,
      size: volume.size,
      status: "creating",
      project_id: projectId,
      created_at: now(),
      updated_at: null,
      metadata: input.metadata ?? {},
      data: structuredClone(volume.data),
    };
    this.snapshots.set(snapshot.id, snapshot);
    this.changed(volume.id);
    this.later(() => {
      snapshot.status = "available";
      snapshot.updated_at = now();
      this.changed(volume.id);
    });
    return snapshot;
  }

  deleteSnapshot(projectId: string, id: string) {
    const { volume_id } = this.snapshot(projectId, id);
    this.snapshots.delete(id);
    this.changed(volume_id);
  }

  createTransfer(projectId: string, input: { volume_id: string; name?: string | null; no_snapshots?: boolean }): Transfer {
    const volume = this.volume(projectId, input.volume_id);
    if (volume.status !== "available") throw new OpenStackError(400, `Invalid volume: Status of volume must be available, but current status is: ${volume.status}.`);
    const transfer: Transfer = {
      id: randomUUID(),
      name: input.name ?? null,
      volume_id: volume.id,
      auth_key: randomBytes(8).toString("hex"),
      project_id: projectId,
      created_at: now(),
      no_snapshots: input.no_snapshots ?? false,
    };
    this.transfers.set(transfer.id, transfer);
    this.issuedAuthKeys.push(transfer.auth_key);
    this.setStatus(volume, "awaiting-transfer");
    return transfer;
  }

  transfer(id: string, projectId?: string): Transfer {
    const transfer = this.transfers.get(id);
    if (!transfer || (projectId !== undefined && transfer.project_id !== projectId)) throw new OpenStackError(404, `Transfer ${id} could not be found.`);
    return transfer;
  }

  listTransfers(projectId: string): Transfer[] {
    return [...this.transfers.values()].filter((t) => t.project_id === projectId);
  }

  /** Moves the volume (and, unless `no_snapshots`, its snapshots) into the accepting project. */
  acceptTransfer(projectId: string, id: string, authKey: string): Transfer {
    const transfer = this.transfer(id);
    if (transfer.auth_key !== authKey) throw new OpenStackError(400, `Invalid auth key: Attempt to transfer ${id} with invalid auth key.`);
    const volume = this.volumes.get(transfer.volume_id);
    if (!volume || volume.status !== "awaiting-transfer") throw new OpenStackError(400, `Invalid volume: Status of volume must be awaiting-transfer.`);
    // The accepting project takes the volume (and its snapshots, unless left behind) on its quota.
    const snapshots = transfer.no_snapshots ? [] : [...this.snapshots.values()].filter((snapshot) => snapshot.volume_id === volume.id);
    this.reserve(projectId, 1, volume.size + snapshots.reduce((sum, snapshot) => sum + snapshot.size, 0), volume.size);
    volume.project_id = projectId;
    for (const snapshot of this.snapshots.values()) {
      if (snapshot.volume_id === volume.id) {
        if (transfer.no_snapshots) this.snapshots.delete(snapshot.id);
        else snapshot.project_id = projectId;
      }
    }
    this.transfers.delete(id);
    this.setStatus(volume, "available");
    return transfer;
  }

  deleteTransfer(projectId: string, id: string) {
    const transfer = this.transfer(id, projectId);
    this.transfers.delete(id);
    const volume = this.volumes.get(transfer.volume_id);
    if (volume && volume.status === "awaiting-transfer") this.setStatus(volume, "available");
  }

  snapshotState() {
    return { projects: this.projects, volumes: [...this.volumes.values()], snapshots: [...this.snapshots.values()], transfers: [...this.transfers.values()], quotas: Object.fromEntries(this.quotas) };
  }

  restore(saved: ReturnType<OpenStackCloud["snapshotState"]>) {
    // A region added since the state was saved keeps the fresh project it was given.
    const regionsSaved = new Set(saved.projects.map((p) => p.region));
    this.projects.splice(0, this.projects.length, ...saved.projects, ...this.projects.filter((p) => !regionsSaved.has(p.region)));
    this.volumes.clear();
    for (const v of saved.volumes) this.volumes.set(v.id, v.status === "creating" ? { ...v, status: "available" } : v);
    this.snapshots.clear();
    for (const s of saved.snapshots) this.snapshots.set(s.id, s.status === "creating" ? { ...s, status: "available" } : s);
    this.transfers.clear();
    for (const t of saved.transfers) this.transfers.set(t.id, t);
    this.quotas.clear();
    for (const [project, limits] of Object.entries(saved.quotas ?? {})) this.quotas.set(project, limits);
  }
}
