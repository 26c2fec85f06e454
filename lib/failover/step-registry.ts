import type { RunKind } from "@/lib/generated/prisma/client";
import * as steps from "./run-steps";

// The steps of each kind of run, in order, as the seed procedure (DESIGN.md) numbers them: one
// table per kind holding each step's name, what the run page says of it, whether the executor may
// try it again by itself, and its code. The key order is the run order; `satisfies` makes the
// compiler refuse a step without a title, a purpose, a retry rule or code.

export interface StepDefinition {
  title: string;
  purpose: string;
  /** A failure that may pass (timeout, 5xx) is tried again with backoff before the run waits for a person. */
  autoRetry: boolean;
  run: steps.Step;
}

const shared = {
  preflight: {
    title: "Pre-flight checks",
    purpose: "Both regions answer, the target namespace carries the application's security block, the volumes are found.",
    autoRetry: true,
    run: steps.preflight,
  },
  "export-source": {
    title: "Export from the source",
    purpose: "Secrets, ConfigMaps, claims and volumes, workloads, Services and Routes, kept as the last known good copy.",
    autoRetry: true,
    run: steps.exportSource,
  },
  "import-target": {
    title: "Import into the target",
    purpose: "Secrets, ConfigMaps, volumes and claims, workloads at 0 replicas, Services and Routes.",
    autoRetry: true,
    run: steps.importTarget,
  },
  "start-target": {
    title: "Start the target",
    purpose: "Scale the workloads to their remembered replicas and wait until every pod is ready.",
    autoRetry: true,
    run: steps.startTarget,
  },
} satisfies Record<string, StepDefinition>;

const FAILOVER = {
  preflight: shared.preflight,
  "export-source": shared["export-source"],
  "stop-source": {
    title: "Stop the source",
    purpose: "Scale the source's workloads to 0 (the replica counts are remembered) and wait until they are gone.",
    autoRetry: true,
    run: steps.stopSource,
  },
  "map-volumes": {
    title: "Find the Cinder volumes",
    purpose: "Map each PersistentVolume to its Cinder volume and wait until every one is available.",
    autoRetry: true,
    run: steps.mapVolumes,
  },
  "move-volumes": {
    title: "Move the volumes",
    purpose: "Cinder volume transfer from the source project, accepted by the target project; a transfer that cannot be accepted is deleted.",
    autoRetry: true,
    run: steps.moveFailoverVolumes,
  },
  "free-capacity": { title: "Free capacity in the target", purpose: "Scale dev and test in the target region to 0, when asked.", autoRetry: true, run: steps.freeCapacity },
  "import-target": shared["import-target"],
  "start-target": shared["start-target"],
  "switch-traffic": {
    title: "Switch traffic",
    purpose: "Point the application's global name at the target region's router and wait until the authoritative DNS server answers it; mark the target namespace active and the source standby; record the target as the active region.",
    autoRetry: true,
    run: steps.switchTraffic,
  },
} satisfies Record<string, StepDefinition>;

const DRILL = {
  preflight: shared.preflight,
  "export-source": shared["export-source"],
  "snapshot-volumes": { title: "Snapshot the volumes", purpose: "A crash-consistent snapshot of each volume while production keeps running.", autoRetry: true, run: steps.snapshotVolumes },
  "clone-volumes": { title: "Copy the snapshots", purpose: "A new volume from each snapshot, in the source project.", autoRetry: true, run: steps.cloneVolumes },
  "move-volumes": {
    title: "Move the copies",
    purpose: "Cinder volume transfer of each copy from the source project, accepted by the target project; production's volumes stay where they are.",
    autoRetry: true,
    run: steps.moveDrillCopies,
  },
  "create-drill-namespace": {
    title: "Create the drill namespace",
    purpose: "An isolated namespace in the target region with the application's security block, no route to it.",
    autoRetry: true,
    run: steps.createDrillNamespace,
  },
  "import-target": shared["import-target"],
  "start-target": shared["start-target"],
  "check-drill": {
    title: "Check the copy",
    purpose: "Every workload ready, every claim bound, every copied volume attached in the target region.",
    autoRetry: true,
    run: steps.checkDrill,
  },
  teardown: { title: "Tear down", purpose: "Delete the drill namespace, its volumes and the snapshots; production was never touched.", autoRetry: true, run: steps.teardown },
} satisfies Record<string, StepDefinition>;

/** Added when a person aborts a run: it puts back what the run changed, where that is possible. */
export const ROLLBACK_STEP = "rollback" as const;

const ROLLBACK: StepDefinition = {
  title: "Roll back",
  purpose: "Delete un-accepted transfers and start the source's workloads again (drill: tear down).",
  // A person asked for it while the run was already in trouble: a failure goes straight back to them.
  autoRetry: false,
  run: steps.rollback,
};

export type FailoverStepName = keyof typeof FAILOVER;
export type DrillStepName = keyof typeof DRILL;
export type StepName = FailoverStepName | DrillStepName | typeof ROLLBACK_STEP;

const REGISTRY: Record<RunKind, Record<string, StepDefinition>> = { FAILOVER, FAILBACK: FAILOVER, DRILL };

export const FAILOVER_STEPS = Object.keys(FAILOVER) as FailoverStepName[];
export const DRILL_STEPS = Object.keys(DRILL) as DrillStepName[];

/** The steps a new run of this kind is created with, in order. */
export const stepsOf = (kind: RunKind): readonly StepName[] => (kind === "DRILL" ? DRILL_STEPS : FAILOVER_STEPS);

/** A step of a run, or undefined for a name this version does not know (a row written by another version). */
export const stepDefinition = (kind: RunKind, name: string): StepDefinition | undefined => (name === ROLLBACK_STEP ? ROLLBACK : REGISTRY[kind][name]);

/** What the run page and the lists call a step; the stored name when this version does not know it. */
export const stepTitle = (kind: RunKind, name: string) => stepDefinition(kind, name)?.title ?? name;
