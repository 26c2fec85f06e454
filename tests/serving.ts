import { expect } from "vitest";
import type { startTestSimulator } from "./simulator";
import { deploymentsOf, kubeClientsOf, WORKLOADS } from "./workloads";

type TestSimulator = Awaited<ReturnType<typeof startTestSimulator>>;

/** Writes into each volume its own id, so a test can tell later that the data came through. */
export async function markVolumes(sim: TestSimulator, volumeIds: string[]) {
  for (const id of volumeIds) await sim.admin("PUT", `/volumes/${id}/data`, { data: { owner: id } });
}

/**
 * An application deployed by deployWorkloads serves from `region` and nothing is left over
 * anywhere: every workload at full strength, every volume of it (and no other) in use there with
 * its data, no transfer pending, no snapshot or drill namespace left, its objects there once.
 */
export async function expectServingFrom(sim: TestSimulator, region: string, namespace: string, volumeIds: string[]) {
  const deployments = await deploymentsOf(sim.dir, region, namespace);
  for (const workload of WORKLOADS) expect(deployments[workload.name]).toEqual({ replicas: workload.replicas, ready: workload.replicas });
  const state = (await sim.admin("GET", "/state")) as { volumes: Array<{ id: string; status: string; region: string }>; transfers: unknown[] };
  expect(state.transfers).toEqual([]);
  expect(state.volumes.map((v) => v.id).sort()).toEqual([...volumeIds].sort());
  for (const id of volumeIds) {
    expect(state.volumes.find((v) => v.id === id)).toMatchObject({ region, status: "in-use" });
    expect(((await sim.admin("GET", `/volumes/${id}/data`)) as { data: unknown }).data).toEqual({ owner: id });
  }
  expect(sim.cloud.snapshots.size).toBe(0);
  const { core } = kubeClientsOf(sim.dir, region);
  expect((await core.listNamespacedSecret({ namespace })).items.map((s) => s.metadata!.name).sort()).toEqual(["api-keys", "db-credentials"]);
  expect((await core.listNamespacedPersistentVolumeClaim({ namespace })).items).toHaveLength(2);
  // The simulator holds this one application, so every PV of the region is one of its two.
  expect((await core.listPersistentVolume()).items).toHaveLength(2);
  expect((await core.listNamespace()).items.filter((n) => n.metadata!.name!.includes("drill"))).toEqual([]);
}
