import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { FaultBoard } from "../faults";
import { readBody, sendJson } from "../http";
import { DEFAULT_QUOTAS, OpenStackError, type OpenStackCloud, type Snapshot, type Transfer, type Volume } from "./cloud";

// Keystone v3 (password auth, project-scoped tokens, catalog) under /identity and Cinder v3 per
// project under /volume/v3/{project_id}, with the JSON shapes and error bodies of the real APIs.

export interface OpenStackCredentials {
  username: string;
  password: string;
  domain: string;
}

const CINDER_MAX_MICROVERSION = "3.70";
const TOKEN_TTL_MS = 8 * 60 * 60 * 1000;

interface Token {
  id: string;
  projectId: string | null;
  issuedAt: Date;
  expiresAt: Date;
}

function microversionOf(req: IncomingMessage): [number, number] {
  const header = String(req.headers["openstack-api-version"] ?? "").match(/volume\s+(3)\.(\d+|latest)/i);
  if (!header) return [3, 0];
  return header[2] === "latest" ? [3, Number(CINDER_MAX_MICROVERSION.split(".")[1])] : [3, Number(header[2])];
}

function cinderError(res: ServerResponse, error: OpenStackError) {
  const key = error.code === 404 ? "itemNotFound" : error.code === 400 ? "badRequest" : error.code === 413 ? "overLimit" : error.code === 403 ? "forbidden" : "computeFault";
  sendJson(res, error.code, { [key]: { code: error.code, message: error.message } });
}

function keystoneError(res: ServerResponse, code: number, title: string, message: string) {
  sendJson(res, code, { error: { code, title, message } });
}

export class OpenStackServer {
  private readonly tokens = new Map<string, Token>();

  constructor(
    private readonly cloud: OpenStackCloud,
    private readonly faults: FaultBoard,
    private readonly credentials: OpenStackCredentials,
    private readonly baseUrl: () => string,
  ) {}

  get identityUrl() {
    return `${this.baseUrl()}/identity/v3`;
  }

  handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://simulator");
    try {
      if (url.pathname === "/identity" || url.pathname.startsWith("/identity/")) return await this.identity(req, res, url);
      if (url.pathname === "/volume" || url.pathname.startsWith("/volume/")) return await this.volume(req, res, url);
      if (url.pathname === "/image" || url.pathname.startsWith("/image/")) return this.image(req, res, url);
      keystoneError(res, 404, "Not Found", `The resource could not be found: ${url.pathname}`);
    } catch (error) {
      if (error instanceof OpenStackError) return cinderError(res, error);
      if (error instanceof SyntaxError) return cinderError(res, new OpenStackError(400, `Malformed request body: ${error.message}`));
      sendJson(res, 500, { computeFault: { code: 500, message: (error as Error).message } });
    }
  };

  private versionDoc() {
    return {
      id: "v3.14",
      status: "stable",
      updated: "2020-04-07T00:00:00Z",
      links: [{ rel: "self", href: `${this.identityUrl}/` }],
      "media-types": [{ base: "application/json", type: "application/vnd.openstack.identity-v3+json" }],
    };
  }

  private tokenBody(token: Token) {
    const project = token.projectId ? this.cloud.projects.find((p) => p.id === token.projectId) : undefined;
    const service = (type: string, name: string, url: string) => ({
      type,
      name,
      id: `${type}-endpoints`,
      endpoints: ["public", "internal", "admin"].map((iface) => ({ id: `${type}-${iface}`, interface: iface, region: "RegionOne", region_id: "RegionOne", url })),
    });
    const volumeUrl = `${this.baseUrl()}/volume/v3/${token.projectId}`;
    return {
      token: {
        methods: ["password"],
        user: { id: "continuum-user", name: this.credentials.username, domain: { id: "default", name: this.credentials.domain }, password_expires_at: null },
        audit_ids: [randomBytes(8).toString("base64url")],
        expires_at: token.expiresAt.toISOString().replace("Z", "000Z"),
        issued_at: token.issuedAt.toISOString().replace("Z", "000Z"),
        ...(project
          ? {
              project: { id: project.id, name: project.name, domain: { id: "default", name: this.credentials.domain } },
              is_domain: false,
              roles: [{ id: "member-role", name: "member" }, { id: "reader-role", name: "reader" }],
              catalog: [
                service("identity", "keystone", this.identityUrl),
                service("volumev3", "cinderv3", volumeUrl),
                service("block-storage", "cinder", volumeUrl),
                // The openstack CLI builds an image client for `volume create` even without --image.
                service("image", "glance", `${this.baseUrl()}/image`),
              ],
            }
          : {}),
      },
    };
  }

  private async identity(req: IncomingMessage, res: ServerResponse, url: URL) {
    const path = url.pathname.replace(/\/+$/, "");
    if (path === "/identity" && req.method === "GET") {
      return sendJson(res, 300, { versions: { values: [this.versionDoc()] } });
    }
    if (path === "/identity/v3" && req.method === "GET") return sendJson(res, 200, { version: this.versionDoc() });
    if (path === "/identity/v3/auth/tokens" && req.method === "POST") return this.issueToken(req, res);
    const token = this.tokenOf(req);
    if (!token) return keystoneError(res, 401, "Unauthorized", "The request you have made requires authentication.");
    if (path === "/identity/v3/auth/tokens") {
      const subject = this.tokens.get(String(req.headers["x-subject-token"] ?? ""));
      if (!subject || subject.expiresAt < new Date()) return keystoneError(res, 404, "Not Found", "Could not find token.");
      if (req.method === "GET") return sendJson(res, 200, this.tokenBody(subject), { "x-subject-token": subject.id });
      if (req.method === "HEAD") return res.writeHead(200).end();
      if (req.method === "DELETE") {
        this.tokens.delete(subject.id);
        return res.writeHead(204).end();
      }
    }
    if ((path === "/identity/v3/auth/projects" || path === "/identity/v3/users/continuum-user/projects") && req.method === "GET") {
      return sendJson(res, 200, {
        projects: this.cloud.projects.map((p) => ({ id: p.id, name: p.name, domain_id: "default", enabled: true, is_domain: false, parent_id: "default", description: `Region ${p.region}` })),
      });
    }
    if (path === "/identity/v3/auth/catalog" && req.method === "GET") return sendJson(res, 200, { catalog: this.tokenBody(token).token.catalog ?? [] });
    return keystoneError(res, 404, "Not Found", `The resource could not be found: ${path}`);
  }

  /** An image service with no images: enough for clients that look one up in passing. */
  private image(req: IncomingMessage, res: ServerResponse, url: URL) {
    const path = url.pathname.replace(/\/+$/, "");
    if (path === "/image" || path === "/image/versions") {
      return sendJson(res, path === "/image" ? 300 : 200, { versions: [{ id: "v2.16", status: "CURRENT", links: [{ rel: "self", href: `${this.baseUrl()}/image/v2/` }] }] });
    }
    if (!this.tokenOf(req)) return keystoneError(res, 401, "Unauthorized", "The request you have made requires authentication.");
    if (path === "/image/v2/images" && req.method === "GET") return sendJson(res, 200, { images: [], first: "/v2/images", schema: "/v2/schemas/images" });
    return keystoneError(res, 404, "Not Found", `No image found at ${path}`);
  }

  private async issueToken(req: IncomingMessage, res: ServerResponse) {
    const body = JSON.parse((await readBody(req)) || "{}") as {
      auth?: {
        identity?: { methods?: string[]; password?: { user?: { name?: string; id?: string; password?: string; domain?: { name?: string; id?: string } } }; token?: { id?: string } };
        scope?: { project?: { id?: string; name?: string; domain?: { name?: string; id?: string } } } | "unscoped";
      };
    };
    const identity = body.auth?.identity;
    if (!identity?.methods?.length) return keystoneError(res, 400, "Bad Request", "Expecting to find identity in auth. The server could not comply with the request since it is either malformed or otherwise incorrect.");
    if (identity.methods.includes("password")) {
      const user = identity.password?.user;
      const domainOk = !user?.domain || user.domain.name === this.credentials.domain || user.domain.id === "default";
      if (!user || user.password !== this.credentials.password || (user.name !== this.credentials.username && user.id !== "continuum-user") || !domainOk) {
        return keystoneError(res, 401, "Unauthorized", "The request you have made requires authentication.");
      }
    } else if (identity.methods.includes("token")) {
      const existing = this.tokens.get(identity.token?.id ?? "");
      if (!existing || existing.expiresAt < new Date()) return keystoneError(res, 401, "Unauthorized", "The request you have made requires authentication.");
    } else {
      return keystoneError(res, 401, "Unauthorized", `Unsupported authentication method: ${identity.methods.join(",")}`);
    }
    let projectId: string | null = null;
    const scope = body.auth?.scope;
    if (scope && scope !== "unscoped" && scope.project) {
      const project = this.cloud.projects.find((p) => (scope.project!.id ? p.id === scope.project!.id : p.name === scope.project!.name));
      if (!project) return keystoneError(res, 401, "Unauthorized", `User continuum-user has no access to project ${scope.project.id ?? scope.project.name}`);
      projectId = project.id;
    }
    const issuedAt = new Date();
    const token: Token = { id: "gAAAA" + randomBytes(40).toString("base64url"), projectId, issuedAt, expiresAt: new Date(issuedAt.getTime() + TOKEN_TTL_MS) };
    this.tokens.set(token.id, token);
    sendJson(res, 201, this.tokenBody(token), { "x-subject-token": token.id });
  }

  private tokenOf(req: IncomingMessage): Token | undefined {
    const token = this.tokens.get(String(req.headers["x-auth-token"] ?? ""));
    return token && token.expiresAt > new Date() ? token : undefined;
  }

  private volumeView(v: Volume) {
    const { data: _data, project_id, ...rest } = v;
    return {
      ...rest,
      availability_zone: "nova",
      bootable: "false",
      encrypted: false,
      multiattach: false,
      replication_status: "disabled",
      consistencygroup_id: null,
      migration_status: null,
      group_id: null,
      user_id: "continuum-user",
      "os-vol-tenant-attr:tenant_id": project_id,
      links: [{ rel: "self", href: `${this.baseUrl()}/volume/v3/${project_id}/volumes/${v.id}` }],
    };
  }

  private snapshotView(s: Snapshot) {
    const { data: _data, project_id, ...rest } = s;
    return { ...rest, progress: s.status === "available" ? "100%" : "0%", "os-extended-snapshot-attributes:project_id": project_id, "os-extended-snapshot-attributes:progress": s.status === "available" ? "100%" : "0%" };
  }

  private transferView(t: Transfer, withKey = false) {
    return {
      id: t.id,
      name: t.name,
      volume_id: t.volume_id,
      created_at: t.created_at,
      no_snapshots: t.no_snapshots,
      ...(withKey ? { auth_key: t.auth_key } : {}),
      links: [{ rel: "self", href: `${this.baseUrl()}/volume/v3/${t.project_id}/volume-transfers/${t.id}` }],
    };
  }

  private async volume(req: IncomingMessage, res: ServerResponse, url: URL) {
    const path = url.pathname.replace(/\/+$/, "");
    const versionDoc = {
      id: "v3.0",
      status: "CURRENT",
      version: CINDER_MAX_MICROVERSION,
      min_version: "3.0",
      updated: "2023-09-01T00:00:00Z",
      links: [{ rel: "self", href: `${this.baseUrl()}/volume/v3/` }],
      "media-types": [{ base: "application/json", type: "application/vnd.openstack.volume+json;version=3" }],
    };
    if ((path === "/volume" || path === "/volume/v3") && req.method === "GET") {
      return sendJson(res, path === "/volume" ? 300 : 200, { versions: [versionDoc] });
    }
    const match = path.match(/^\/volume\/v3\/([^/]+)(\/.*)?$/);
    if (!match) return cinderError(res, new OpenStackError(404, "The resource could not be found."));
    const [, projectId, rest = ""] = match as unknown as [string, string, string | undefined];
    const token = this.tokenOf(req);
    if (!token) return keystoneError(res, 401, "Unauthorized", "The request you have made requires authentication.");
    if (token.projectId !== projectId) {
      return cinderError(res, new OpenStackError(400, `Malformed request url: URL's project_id '${projectId}' doesn't match Context's project_id '${token.projectId}'`));
    }
    const project = this.cloud.projects.find((p) => p.id === projectId)!;
    const faults = this.faults.get(project.region);
    if (faults.latencyMs) await sleep(faults.latencyMs);
    if (faults.storageDown) return cinderError(res, new OpenStackError(503, `Block storage of region ${project.region} is unavailable (simulated outage).`));
    const failure = this.faults.failsNow(project.region);
    if (failure) return cinderError(res, new OpenStackError(failure, `The server has either erred or is incapable of performing the requested operation. (simulated failure in ${project.region})`));

    const [major, minor] = microversionOf(req);
    const versionHeaders = { "openstack-api-version": `volume ${major}.${minor}`, vary: "OpenStack-API-Version" };
    const reply = (status: number, body: unknown) => sendJson(res, status, body, versionHeaders);
    const body = async () => JSON.parse((await readBody(req)) || "{}") as Record<string, Record<string, unknown> | undefined>;
    const method = req.method ?? "GET";
    const filterByName = <T extends { name: string | null }>(items: T[]) => {
      const name = url.searchParams.get("name");
      return name ? items.filter((i) => i.name === name) : items;
    };

    // Quotas (?usage= read as oslo's bool_from_string reads it: cinderclient sends "True"): a project's own, or (as an admin does) another project's; ?usage=true adds what is used.
    const quota = rest.match(/^\/os-quota-sets\/([^/]+)(\/defaults)?$/);
    if (quota) {
      const target = this.cloud.projects.find((p) => p.id === quota![1]);
      if (!target) throw new OpenStackError(404, `Project ${quota[1]} could not be found.`);
      if (method === "PUT" && !quota[2]) {
        const input = (await body()).quota_set ?? {};
        const limits = Object.fromEntries(Object.entries(input).filter(([name]) => name in DEFAULT_QUOTAS)) as Record<string, unknown>;
        for (const [name, value] of Object.entries(limits)) if (!Number.isInteger(value) || (value as number) < -1) throw new OpenStackError(400, `Invalid input for field/attribute ${name}. Value: ${String(value)}. must be an integer >= -1`);
        this.cloud.setQuotas(target.id, limits as Record<string, number>);
      } else if (method !== "GET") throw new OpenStackError(405, "The method is not allowed for the requested URL.");
      const usage = this.cloud.quotaUsage(target.id);
      const withUsage = /^(1|t|true|on|y|yes)$/i.test(url.searchParams.get("usage") ?? "") && !quota[2];
      const values = Object.fromEntries(Object.entries(usage).map(([name, u]) => [name, quota![2] ? DEFAULT_QUOTAS[name as keyof typeof DEFAULT_QUOTAS] : withUsage ? u : u.limit]));
      return reply(200, { quota_set: { id: target.id, ...values } });
    }

    // Volumes
    if (rest === "/volumes" || rest === "/volumes/detail") {
      if (method === "GET") {
        const volumes = filterByName(this.cloud.listVolumes(projectId)).filter((v) => !url.searchParams.get("status") || v.status === url.searchParams.get("status"));
        return reply(200, { volumes: rest === "/volumes" ? volumes.map((v) => ({ id: v.id, name: v.name, links: this.volumeView(v).links })) : volumes.map((v) => this.volumeView(v)) });
      }
      if (method === "POST" && rest === "/volumes") {
        const input = (await body()).volume;
        if (!input) throw new OpenStackError(400, "Missing required element 'volume' in request body.");
        return reply(202, { volume: this.volumeView(this.cloud.createVolume(projectId, input)) });
      }
    }
    let m = rest.match(/^\/volumes\/([^/]+)$/);
    if (m) {
      const id = m[1]!;
      if (method === "GET") return reply(200, { volume: this.volumeView(this.cloud.volume(projectId, id)) });
      if (method === "PUT") return reply(200, { volume: this.volumeView(this.cloud.updateVolume(projectId, id, (await body()).volume ?? {})) });
      if (method === "DELETE") {
        this.cloud.deleteVolume(projectId, id);
        return res.writeHead(202, versionHeaders).end();
      }
    }
    // Volume actions: os-force_detach is how an operator frees a volume still attached to the
    // nodes of a region that is gone (admin-only in a real cloud).
    m = rest.match(/^\/volumes\/([^/]+)\/action$/);
    if (m && method === "POST") {
      const input = await body();
      if ("os-force_detach" in input) {
        this.cloud.forceDetach(projectId, m[1]!);
        return res.writeHead(202, versionHeaders).end();
      }
      throw new OpenStackError(400, `Invalid input received: the simulator supports the volume action os-force_detach only (got ${Object.keys(input).join(", ") || "nothing"})`);
    }
    // Snapshots
    if (rest === "/snapshots" || rest === "/snapshots/detail") {
      if (method === "GET") {
        const snapshots = filterByName([...this.cloud.snapshots.values()].filter((s) => s.project_id === projectId));
        return reply(200, { snapshots: snapshots.map((s) => this.snapshotView(s)) });
      }
      if (method === "POST" && rest === "/snapshots") {
        const input = (await body()).snapshot;
        if (!input?.volume_id) throw new OpenStackError(400, "Invalid input received: 'volume_id' is a required property");
        return reply(202, { snapshot: this.snapshotView(this.cloud.createSnapshot(projectId, input as { volume_id: string })) });
      }
    }
    m = rest.match(/^\/snapshots\/([^/]+)$/);
    if (m) {
      if (method === "GET") return reply(200, { snapshot: this.snapshotView(this.cloud.snapshot(projectId, m[1]!)) });
      if (method === "DELETE") {
        this.cloud.deleteSnapshot(projectId, m[1]!);
        return res.writeHead(202, versionHeaders).end();
      }
    }
    // Volume transfers: /volume-transfers from microversion 3.55, /os-volume-transfer always.
    m = rest.match(/^\/(volume-transfers|os-volume-transfer)(\/detail|\/[^/]+(?:\/accept)?)?$/);
    if (m) {
      const [, resource, tail = ""] = m as unknown as [string, string, string | undefined];
      if (resource === "volume-transfers" && minor < 55) {
        return cinderError(res, new OpenStackError(404, "The resource could not be found. (volume-transfers needs OpenStack-API-Version: volume 3.55 or later)"));
      }
      if ((tail === "" || tail === "/detail") && method === "GET") {
        return reply(200, { transfers: this.cloud.listTransfers(projectId).map((t) => this.transferView(t)) });
      }
      if (tail === "" && method === "POST") {
        const input = (await body()).transfer;
        if (!input?.volume_id) throw new OpenStackError(400, "Invalid input received: 'volume_id' is a required property");
        const transfer = this.cloud.createTransfer(projectId, input as { volume_id: string; name?: string; no_snapshots?: boolean });
        return reply(202, { transfer: this.transferView(transfer, true) });
      }
      const accept = tail.match(/^\/([^/]+)\/accept$/);
      if (accept && method === "POST") {
        const input = (await body()).accept;
        if (!input?.auth_key) throw new OpenStackError(400, "Invalid input received: 'auth_key' is a required property");
        this.cloud.transfer(accept[1]!);
        if (this.faults.takeTransferAcceptFailure(project.region)) {
          throw new OpenStackError(500, `The server has either erred or is incapable of performing the requested operation. (simulated transfer accept failure in ${project.region})`);
        }
        const transfer = this.cloud.acceptTransfer(projectId, accept[1]!, String(input.auth_key));
        const volume = this.cloud.volumes.get(transfer.volume_id)!;
        return reply(202, { transfer: { id: transfer.id, name: transfer.name, volume_id: volume.id, links: this.transferView(transfer).links } });
      }
      const one = tail.match(/^\/([^/]+)$/);
      if (one && method === "GET") return reply(200, { transfer: this.transferView(this.cloud.transfer(one[1]!, projectId)) });
      if (one && method === "DELETE") {
        this.cloud.deleteTransfer(projectId, one[1]!);
        return res.writeHead(202, versionHeaders).end();
      }
    }
    throw new OpenStackError(404, `The resource could not be found: ${method} ${rest}`);
  }
}
