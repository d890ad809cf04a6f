/**
 * The volume types (FSType) a PSP's `volumes` may list: one per pod volume source field, plus `*`.
 * Kubernetes ≥ 1.21 (`getAllFSTypesAsSet` in pkg/apis/policy/validation) includes `ephemeral`.
 * Case-sensitive: `cephFS`, `scaleIO`, `storageos` are spelled exactly so.
 */
export const FS_TYPES = [
  "azureFile",
  "azureDisk",
  "flocker",
  "flexVolume",
  "hostPath",
  "emptyDir",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "gitRepo",
  "secret",
  "nfs",
  "iscsi",
  "glusterfs",
  "persistentVolumeClaim",
  "rbd",
  "cinder",
  "cephFS",
  "downwardAPI",
  "fc",
  "configMap",
  "vsphereVolume",
  "quobyte",
  "photonPersistentDisk",
  "projected",
  "portworxVolume",
  "scaleIO",
  "storageos",
  "csi",
  "ephemeral",
] as const;
export type FsType = (typeof FS_TYPES)[number];

/** `*` in `volumes`: every volume type. */
export const ALL_FS_TYPES = "*";

const ALLOWED = new Set<string>([...FS_TYPES, ALL_FS_TYPES]);

export function isPspVolumeType(name: string): boolean {
  return ALLOWED.has(name);
}

/** The values in Kubernetes' "supported values" message: the set, sorted byte-wise as Go's sets.List does. */
export function supportedVolumeTypes(): string[] {
  return [...ALLOWED].sort(byteOrder);
}

export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
