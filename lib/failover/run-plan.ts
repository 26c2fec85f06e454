import type { RunKind } from "@/lib/generated/prisma/client";

// The steps of each kind of run, in order, as the seed procedure (DESIGN.md) numbers them. The
// names are stored in RunStep rows; the titles and purposes are what the run page shows.

export const FAILOVER_STEPS = [
  "preflight",
  "export-source",
  "stop-source",
  "map-volumes",
  "move-volumes",
  "free-capacity",
  "import-target",
  "start-target",
  "switch-traffic",
] as const;

export const DRILL_STEPS = [
  "preflight",
  "export-source",
  "snapshot-volumes",
  "clone-volumes",
  "move-volumes",
  "create-drill-namespace",
  "import-target",
  "start-target",
  "check-drill",
  "teardown",
] as const;

/** Added when a person aborts a run: it puts back what the run changed, where that is possible. */
export const ROLLBACK_STEP = "rollback" as const;

export type StepName = (typeof FAILOVER_STEPS)[number] | (typeof DRILL_STEPS)[number] | typeof ROLLBACK_STEP;

export const STEP_INFO: Record<StepName, { title: string; purpose: string }> = {
  preflight: { title: "Pre-flight checks", purpose: "Both regions answer, the target namespace carries the application's security block, the volumes are found." },
  "export-source": { title: "Export from the source", purpose: "Secrets, ConfigMaps, claims and volumes, workloads, Services and Routes, kept as the last known good copy." },
  "stop-source": { title: "Stop the source", purpose: "Scale the source's workloads to 0 (the replica counts are remembered) and wait until they are gone." },
  "map-volumes": { title: "Find the Cinder volumes", purpose: "Map each PersistentVolume to its Cinder volume and wait until every one is available." },
  "move-volumes": { title: "Move the volumes", purpose: "Cinder volume transfer from the source project, accepted by the target project; a transfer that cannot be accepted is deleted." },
  "free-capacity": { title: "Free capacity in the target", purpose: "Scale dev and test in the target region to 0, when asked." },
  "import-target": { title: "Import into the target", purpose: "Secrets, ConfigMaps, volumes and claims, workloads at 0 replicas, Services and Routes." },
  "start-target": { title: "Start the target", purpose: "Scale the workloads to their remembered replicas and wait until every pod is ready." },
  "switch-traffic": { title: "Switch traffic", purpose: "Mark the target namespace active and the source standby, and record the target as the application's active region." },
  "snapshot-volumes": { title: "Snapshot the volumes", purpose: "A crash-consistent snapshot of each volume while production keeps running." },
  "clone-volumes": { title: "Copy the snapshots", purpose: "A new volume from each snapshot, in the source project." },
  "create-drill-namespace": { title: "Create the drill namespace", purpose: "An isolated namespace in the target region with the application's security block, no route to it." },
  "check-drill": { title: "Check the copy", purpose: "Every workload ready, every claim bound, every copied volume attached in the target region." },
  teardown: { title: "Tear down", purpose: "Delete the drill namespace, its volumes and the snapshots; production was never touched." },
  rollback: { title: "Roll back", purpose: "Delete un-accepted transfers and start the source's workloads again (drill: tear down)." },
};

export function stepsOf(kind: RunKind): readonly StepName[] {
  return kind === "DRILL" ? DRILL_STEPS : FAILOVER_STEPS;
}

export const RUN_KIND_LABEL: Record<RunKind, string> = { FAILOVER: "Failover", FAILBACK: "Failback", DRILL: "DR drill" };
