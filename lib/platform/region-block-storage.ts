import { z } from "zod";
import { callWithRetry, CallTimeoutError, createCircuitBreaker, DEFAULT_RETRY, isRetryableStatus, nullIfNotFound, PlatformError, type RetryPolicy } from "./platform-error";

// A region's OpenStack project: Keystone v3 for a project-scoped token and the Cinder endpoint
// from its catalog, then Cinder v3 over fetch. Credentials stay in here: never logged, never
// returned.

export interface OpenStackConnection {
  authUrl: string; // https://keystone.example.com/v3
  username: string;
  password: string;
  userDomainName: string;
  projectName: string;
  projectDomainName: string;
  /** Which catalog interface to use: public (default) or internal. */
  interface?: "public" | "internal";
}

export interface VolumeInfo {
  id: string;
  name: string | null;
  size: number;
  status: string;
  attachedTo: string[];
}

export interface SnapshotInfo {
  id: string;
  name: string | null;
  volumeId: string;
  status: string;
}

export interface VolumeTransfer {
  id: string;
  volumeId: string;
  name: string | null;
  /** Secret: needed once to accept the transfer; never log it. */
  authKey?: string;
}

export interface RegionBlockStorage {
  readonly region: string;
  projectId(): Promise<string>;
  listVolumes(): Promise<VolumeInfo[]>;
  getVolume(id: string): Promise<VolumeInfo | null>;
  /** A new volume, empty or (with `snapshotId`) a copy of a snapshot. */
  createVolume(input: { name: string; size?: number; snapshotId?: string }): Promise<VolumeInfo>;
  deleteVolume(id: string): Promise<void>;
  /** Drops the volume's attachments whatever their node's state (os-force_detach, admin). */
  forceDetach(id: string): Promise<void>;
  /** `force` snapshots a volume in use, crash-consistent, as a drill does under a running workload. */
  createSnapshot(volumeId: string, name: string, force: boolean): Promise<SnapshotInfo>;
  listSnapshots(): Promise<SnapshotInfo[]>;
  getSnapshot(id: string): Promise<SnapshotInfo | null>;
  deleteSnapshot(id: string): Promise<void>;
  createTransfer(volumeId: string, name: string): Promise<VolumeTransfer & { authKey: string }>;
  listTransfers(): Promise<VolumeTransfer[]>;
  acceptTransfer(transferId: string, authKey: string): Promise<VolumeTransfer>;
  deleteTransfer(transferId: string): Promise<void>;
  /** The project's volume and gigabyte quotas with what is used of them (-1: unlimited). */
  quotaUsage(): Promise<BlockStorageQuota>;
}

export interface BlockStorageQuota {
  volumes: { limit: number; inUse: number };
  gigabytes: { limit: number; inUse: number };
}

const QuotaItem = z.object({ limit: z.number().int(), in_use: z.number().int(), reserved: z.number().int().default(0) });

const Catalog = z.array(
  z.object({
    type: z.string(),
    endpoints: z.array(z.object({ interface: z.string(), url: z.string() })),
  }),
);
const TokenBody = z.object({ token: z.object({ expires_at: z.string(), project: z.object({ id: z.string() }).optional(), catalog: Catalog.optional() }) });
const VolumeBody = z.object({
  id: z.string(),
  name: z.string().nullable(),
  size: z.number(),
  status: z.string(),
  attachments: z.array(z.object({ server_id: z.string() })).default([]),
});
const SnapshotBody = z.object({ id: z.string(), name: z.string().nullable(), volume_id: z.string(), status: z.string() });
const snapshotInfo = (s: z.infer<typeof SnapshotBody>): SnapshotInfo => ({ id: s.id, name: s.name, volumeId: s.volume_id, status: s.status });
const TransferBody = z.object({ id: z.string(), volume_id: z.string(), name: z.string().nullable().optional(), auth_key: z.string().optional() });

// Volume transfers at /volume-transfers need microversion 3.55 (the older /os-volume-transfer works everywhere).
const TRANSFER_MICROVERSION = "volume 3.55";

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function errorMessage(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as Record<string, { message?: string } | undefined>;
    const first = Object.values(body)[0];
    if (first?.message) return `${response.status} ${first.message}`;
  } catch {
    // not JSON
  }
  return `${response.status} ${text.slice(0, 200)}`;
}

const volumeInfo = (v: z.infer<typeof VolumeBody>): VolumeInfo => ({ id: v.id, name: v.name, size: v.size, status: v.status, attachedTo: v.attachments.map((a) => a.server_id) });

export function createRegionBlockStorage(region: string, connection: OpenStackConnection, retry: RetryPolicy = DEFAULT_RETRY): RegionBlockStorage {
  let session: Promise<{ token: string; projectId: string; endpoint: string; expiresAt: number }> | null = null;

  async function authenticate(signal: AbortSignal) {
    const response = await fetch(`${connection.authUrl.replace(/\/$/, "")}/auth/tokens`, {
      method: "POST",
      signal,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        auth: {
          identity: { methods: ["password"], password: { user: { name: connection.username, password: connection.password, domain: { name: connection.userDomainName } } } },
          scope: { project: { name: connection.projectName, domain: { name: connection.projectDomainName } } },
        },
      }),
    });
    if (!response.ok) throw new HttpError(response.status, `Keystone refused the sign-in for project ${connection.projectName}: ${await errorMessage(response)}`);
    const token = response.headers.get("x-subject-token");
    const body = TokenBody.parse(await response.json());
    const wanted = connection.interface ?? "public";
    const service = body.token.catalog?.find((s) => s.type === "volumev3") ?? body.token.catalog?.find((s) => s.type === "block-storage");
    const endpoint = service?.endpoints.find((e) => e.interface === wanted)?.url;
    if (!token || !body.token.project || !endpoint) throw new HttpError(500, `Keystone's catalog for project ${connection.projectName} has no ${wanted} block-storage (volumev3) endpoint`);
    return { token, projectId: body.token.project.id, endpoint: endpoint.replace(/\/$/, ""), expiresAt: Date.parse(body.token.expires_at) };
  }

  async function currentSession(signal: AbortSignal) {
    const existing = session && (await session.catch(() => null));
    if (existing && existing.expiresAt - Date.now() > 60_000) return existing;
    session = authenticate(signal);
    session.catch(() => (session = null));
    return session;
  }

  async function request<T>(method: string, path: string, signal: AbortSignal, options: { body?: unknown; microversion?: string } = {}): Promise<T> {
    for (let reauthenticated = false; ; reauthenticated = true) {
      const { token, endpoint } = await currentSession(signal);
      const response = await fetch(`${endpoint}${path}`, {
        method,
        signal,
        headers: {
          "x-auth-token": token,
          accept: "application/json",
          ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
          ...(options.microversion ? { "openstack-api-version": options.microversion } : {}),
        },
        body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      });
      if (response.status === 401 && !reauthenticated) {
        session = null; // the token expired or was revoked: sign in again once
        continue;
      }
      if (!response.ok) throw new HttpError(response.status, await errorMessage(response));
      const text = await response.text();
      return (text ? JSON.parse(text) : undefined) as T;
    }
  }

  const breaker = createCircuitBreaker(region, "block storage");
  const call = <T>(name: string, safe: boolean, run: (signal: AbortSignal) => Promise<T>) =>
    breaker.call(name, () =>
      callWithRetry(retry, safe, run, (error) => {
        if (error instanceof HttpError) return new PlatformError(region, "block storage", name, error.message, error.status, isRetryableStatus(error.status));
        if (error instanceof CallTimeoutError) return new PlatformError(region, "block storage", name, error.message, null, true);
        if (error instanceof z.ZodError) return new PlatformError(region, "block storage", name, `unexpected answer: ${z.prettifyError(error)}`, null, false);
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        return new PlatformError(region, "block storage", name, cause ? `unreachable (${cause})` : (error as Error).message, null, true);
      }),
    );

  return {
    region,
    projectId: () => call("sign in", true, async (signal) => (await currentSession(signal)).projectId),
    quotaUsage: () =>
      call("read quota usage", true, async (signal) => {
        const projectId = (await currentSession(signal)).projectId;
        const { quota_set } = z.object({ quota_set: z.object({ volumes: QuotaItem, gigabytes: QuotaItem }) }).parse(await request("GET", `/os-quota-sets/${projectId}?usage=true`, signal));
        // Reserved is held by requests in flight: it counts as used.
        const of = (item: z.infer<typeof QuotaItem>) => ({ limit: item.limit, inUse: item.in_use + item.reserved });
        return { volumes: of(quota_set.volumes), gigabytes: of(quota_set.gigabytes) };
      }),
    listVolumes: () =>
      call("list volumes", true, async (signal) => z.object({ volumes: z.array(VolumeBody) }).parse(await request("GET", "/volumes/detail", signal)).volumes.map(volumeInfo)),
    getVolume: (id) =>
      nullIfNotFound(call(`read volume ${id}`, true, async (signal) => volumeInfo(z.object({ volume: VolumeBody }).parse(await request("GET", `/volumes/${id}`, signal)).volume))),
    createVolume: ({ name, size, snapshotId }) =>
      call(`create volume ${name}`, false, async (signal) =>
        volumeInfo(z.object({ volume: VolumeBody }).parse(await request("POST", "/volumes", signal, { body: { volume: { name, size, snapshot_id: snapshotId } } })).volume),
      ),
    // Deleting a volume that is already gone is done, not an error.
    deleteVolume: async (id) => {
      await nullIfNotFound(call(`delete volume ${id}`, true, (signal) => request("DELETE", `/volumes/${id}`, signal)));
    },
    forceDetach: async (id) => {
      await call(`force-detach volume ${id}`, true, (signal) => request("POST", `/volumes/${id}/action`, signal, { body: { "os-force_detach": {} } }));
    },
    createSnapshot: (volumeId, name, force) =>
      call(`snapshot volume ${volumeId}`, false, async (signal) =>
        snapshotInfo(z.object({ snapshot: SnapshotBody }).parse(await request("POST", "/snapshots", signal, { body: { snapshot: { volume_id: volumeId, name, force } } })).snapshot),
      ),
    listSnapshots: () => call("list snapshots", true, async (signal) => z.object({ snapshots: z.array(SnapshotBody) }).parse(await request("GET", "/snapshots/detail", signal)).snapshots.map(snapshotInfo)),
    getSnapshot: (id) =>
      nullIfNotFound(call(`read snapshot ${id}`, true, async (signal) => snapshotInfo(z.object({ snapshot: SnapshotBody }).parse(await request("GET", `/snapshots/${id}`, signal)).snapshot))),
    deleteSnapshot: async (id) => {
      await nullIfNotFound(call(`delete snapshot ${id}`, true, (signal) => request("DELETE", `/snapshots/${id}`, signal)));
    },
    createTransfer: (volumeId, name) =>
      call(`create a transfer of volume ${volumeId}`, false, async (signal) => {
        const { transfer } = z
          .object({ transfer: TransferBody.extend({ auth_key: z.string() }) })
          .parse(await request("POST", "/volume-transfers", signal, { body: { transfer: { volume_id: volumeId, name } }, microversion: TRANSFER_MICROVERSION }));
        return { id: transfer.id, volumeId: transfer.volume_id, name: transfer.name ?? null, authKey: transfer.auth_key };
      }),
    listTransfers: () =>
      call("list transfers", true, async (signal) =>
        z
          .object({ transfers: z.array(TransferBody) })
          .parse(await request("GET", "/volume-transfers/detail", signal, { microversion: TRANSFER_MICROVERSION }))
          .transfers.map((t) => ({ id: t.id, volumeId: t.volume_id, name: t.name ?? null })),
      ),
    acceptTransfer: (transferId, authKey) =>
      call(`accept transfer ${transferId}`, false, async (signal) => {
        const { transfer } = z
          .object({ transfer: TransferBody })
          .parse(await request("POST", `/volume-transfers/${transferId}/accept`, signal, { body: { accept: { auth_key: authKey } }, microversion: TRANSFER_MICROVERSION }));
        return { id: transfer.id, volumeId: transfer.volume_id, name: transfer.name ?? null };
      }),
    // Deleting a transfer that is already gone (accepted or deleted) is done, not an error.
    deleteTransfer: async (transferId) => {
      await nullIfNotFound(call(`delete transfer ${transferId}`, true, (signal) => request("DELETE", `/volume-transfers/${transferId}`, signal, { microversion: TRANSFER_MICROVERSION })));
    },
  };
}
