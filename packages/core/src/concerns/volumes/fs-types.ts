/**
 * Which PSP volume type (FSType) a pod volume is, by its source field — the order and names of
 * pkg/security/podsecuritypolicy/util GetVolumeFSType (v1.21+ list, with `ephemeral`).
 * Names are case-sensitive (`cephFS`, `storageos`, `scaleIO`).
 */
import type { Volume } from "../../model/k8s-types.js";

/** Volume source field → PSP FSType name (`volumes[]` value). */
const SOURCES: readonly (readonly [field: string, fsType: string])[] = [
  ["hostPath", "hostPath"],
  ["emptyDir", "emptyDir"],
  ["gcePersistentDisk", "gcePersistentDisk"],
  ["awsElasticBlockStore", "awsElasticBlockStore"],
  ["gitRepo", "gitRepo"],
  ["secret", "secret"],
  ["nfs", "nfs"],
  ["iscsi", "iscsi"],
  ["glusterfs", "glusterfs"],
  ["persistentVolumeClaim", "persistentVolumeClaim"],
  ["rbd", "rbd"],
  ["flexVolume", "flexVolume"],
  ["cinder", "cinder"],
  ["cephfs", "cephFS"],
  ["flocker", "flocker"],
  ["downwardAPI", "downwardAPI"],
  ["fc", "fc"],
  ["azureFile", "azureFile"],
  ["configMap", "configMap"],
  ["vsphereVolume", "vsphereVolume"],
  ["quobyte", "quobyte"],
  ["azureDisk", "azureDisk"],
  ["photonPersistentDisk", "photonPersistentDisk"],
  ["storageos", "storageos"],
  ["projected", "projected"],
  ["portworxVolume", "portworxVolume"],
  ["scaleIO", "scaleIO"],
  ["csi", "csi"],
  ["ephemeral", "ephemeral"],
];

/** Every FSType a PSP may list (plus `*`). */
export const FS_TYPES: readonly string[] = SOURCES.map(([, t]) => t);

/** `*` in `volumes` allows every type. */
export const ALL_VOLUMES = "*";

/** FSTypes that first appeared after v1.20 (the oracle), for psp/version-skew.ts. */
export const FS_TYPES_SINCE: Readonly<Record<string, string>> = { ephemeral: "1.21" };

/** The FSType of a volume, or undefined when no known source field is set ("unknown volume type"). */
export function volumeFsType(v: Volume): string | undefined {
  for (const [field, fsType] of SOURCES) {
    if (v[field] !== undefined && v[field] !== null) return fsType;
  }
  return undefined;
}
