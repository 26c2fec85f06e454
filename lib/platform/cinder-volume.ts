
// How a PersistentVolume names its Cinder volume: the in-tree `spec.cinder.volumeID`, or the CSI
// driver's `spec.csi.volumeHandle`. The simulator's cluster uses the same rules.

export const CINDER_CSI_DRIVER = "cinder.csi.openstack.org";

type PvSpec = { cinder?: { volumeID?: string }; csi?: { driver?: string; volumeHandle?: string } } | undefined;

export function cinderVolumeIdOf(pv: object): string | null {
  const spec = (pv as { spec?: PvSpec }).spec;
  if (spec?.cinder?.volumeID) return spec.cinder.volumeID;
  if (spec?.csi?.driver === CINDER_CSI_DRIVER && spec.csi.volumeHandle) return spec.csi.volumeHandle;
  return null;
}

/** The same PersistentVolume pointing at another Cinder volume (a drill's copy). */
export function withCinderVolumeId<T extends object>(pv: T, volumeId: string): T {
  const spec = (pv as { spec?: PvSpec }).spec;
  if (spec?.cinder?.volumeID) return { ...pv, spec: { ...spec, cinder: { ...spec.cinder, volumeID: volumeId } } };
  return { ...pv, spec: { ...spec, csi: { ...spec?.csi, volumeHandle: volumeId } } };
}
