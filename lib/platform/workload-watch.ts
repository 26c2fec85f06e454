import * as k8s from "@kubernetes/client-node";
import { log } from "@/lib/log";
import type { KubeObject, WorkloadInfo, WorkloadKind } from "./region-cluster";

// One region's workloads followed through the Kubernetes watch API: one list + watch per kind
// (Deployments, and DeploymentConfigs where the cluster serves them), shared by everything that
// waits on that region, so the 200 runs of a region failover wait on two watches instead of each
// polling the API server every quarter second. The watch only says when to look and what it saw;
// a run confirms "ready" with one read before it relies on it, and while the watch is not in sync
// (starting, reconnecting, refused) the waits fall back to asking the API server.

export interface WorkloadFollower {
  /** The namespace's workloads as the watch has them now; null while the watch is not in sync. */
  current(): WorkloadInfo[] | null;
  /** Resolves at the namespace's next workload change, after `ms`, or when `signal` fires, whichever is first. */
  next(ms: number, signal?: AbortSignal): Promise<void>;
  close(): void;
}

export interface WorkloadWatch {
  follow(namespace: string): WorkloadFollower;
  /** Ends every watch now (the region's client is going away). */
  stop(): Promise<void>;
}

interface KindWatch {
  kind: WorkloadKind;
  informer: k8s.Informer<k8s.KubernetesObject> & k8s.ObjectCache<k8s.KubernetesObject>;
  synced: boolean;
  /** False once the cluster said it does not serve the kind (a plain Kubernetes has no DeploymentConfigs). */
  served: boolean;
  retryMs: number;
  retry: NodeJS.Timeout | null;
}

/** How long the watches stay open after the last wait on the region ended: a region failover's runs come in waves. */
const IDLE_MS = 60_000;

export function createWorkloadWatch(
  region: string,
  config: k8s.KubeConfig,
  /** Each kind's watch path and its list (a 404, or the client's "Unrecognized API version and kind", means the cluster does not serve it). */
  kinds: ReadonlyArray<{ kind: WorkloadKind; path: string; list: () => Promise<KubeObject[]> }>,
  infoOf: (kind: WorkloadKind, object: k8s.KubernetesObject) => WorkloadInfo,
): WorkloadWatch {
  const waiters = new Map<string, Set<() => void>>();
  let followers = 0;
  let watches: KindWatch[] | null = null;
  let idle: NodeJS.Timeout | null = null;

  const wake = (namespace: string | undefined) => {
    for (const waiter of waiters.get(namespace ?? "") ?? []) waiter();
  };

  const begin = (watch: KindWatch) => {
    watch.retry = null;
    watch.informer.start().then(
      () => {
        // start() returns after the first list even when it failed (the error callback said so).
        if (watch.served && !watch.retry && watches) watch.synced = true;
      },
      (error: unknown) => onError(watch, error),
    );
  };

  const onError = (watch: KindWatch, error: unknown) => {
    watch.synced = false;
    if (!watches) return;
    const status = (error as { statusCode?: number; code?: number }).statusCode ?? (error as { code?: number }).code;
    if (status === 404 || /Unrecognized API version and kind/.test(String((error as Error)?.message))) {
      watch.served = false;
      return;
    }
    log.warn({ region, kind: watch.kind, err: (error as Error)?.message ?? String(error), retryInMs: watch.retryMs }, "the workload watch broke off; runs ask the API server until it is back");
    if (watch.retry) return;
    watch.retry = setTimeout(() => begin(watch), watch.retryMs);
    watch.retry.unref();
    watch.retryMs = Math.min(watch.retryMs * 2, 30_000);
  };

  const startWatches = () => {
    watches = kinds.map(({ kind, path, list }) => {
      const informer = k8s.makeInformer(config, path, async () => ({ apiVersion: "v1", kind: "List", metadata: {}, items: await list() }) as k8s.KubernetesListObject<k8s.KubernetesObject>);
      const watch: KindWatch = { kind, informer, synced: false, served: true, retryMs: 1000, retry: null };
      informer.on("change", (object) => wake(object.metadata?.namespace));
      informer.on("connect", () => (watch.retryMs = 1000));
      informer.on("error", (error) => onError(watch, error));
      begin(watch);
      return watch;
    });
  };

  const stopWatches = async () => {
    const stopping = watches ?? [];
    watches = null;
    for (const watch of stopping) if (watch.retry) clearTimeout(watch.retry);
    await Promise.allSettled(stopping.map((w) => w.informer.stop()));
  };

  return {
    follow(namespace) {
      followers++;
      if (idle) clearTimeout(idle);
      idle = null;
      if (!watches) startWatches();
      let closed = false;
      // Changes are noted from the moment of following, so one that lands while the caller is busy
      // (between its look and its next wait) ends that wait at once instead of being missed.
      let changed = false;
      let wakeWaiter: (() => void) | null = null;
      const onChange = () => {
        changed = true;
        wakeWaiter?.();
      };
      if (!waiters.has(namespace)) waiters.set(namespace, new Set());
      waiters.get(namespace)!.add(onChange);
      return {
        current() {
          const active = (watches ?? []).filter((w) => w.served);
          if (!watches || active.some((w) => !w.synced)) return null;
          return active.flatMap((w) => w.informer.list(namespace).map((o) => infoOf(w.kind, o)));
        },
        next(ms, signal) {
          return new Promise<void>((resolve) => {
            if (changed || signal?.aborted) {
              changed = false;
              return resolve();
            }
            const timer = setTimeout(() => done(), ms);
            const done = () => {
              clearTimeout(timer);
              signal?.removeEventListener("abort", done);
              wakeWaiter = null;
              changed = false;
              resolve();
            };
            signal?.addEventListener("abort", done, { once: true });
            wakeWaiter = done;
          });
        },
        close() {
          if (closed) return;
          closed = true;
          waiters.get(namespace)?.delete(onChange);
          if (waiters.get(namespace)?.size === 0) waiters.delete(namespace);
          if (--followers > 0) return;
          idle = setTimeout(() => void stopWatches(), IDLE_MS);
          idle.unref();
        },
      };
    },
    async stop() {
      if (idle) clearTimeout(idle);
      await stopWatches();
    },
  };
}
