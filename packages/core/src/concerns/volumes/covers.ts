/**
 * Shadowing for volumes (no defaulting): every volume `other` admits, `policy` must admit.
 * - types: each FSType `other` allows (`*` = all of them) must be allowed by `policy` (the projected
 *   service-account-token exception follows: it rides on `secret`, which `policy` then allows too);
 * - hostPath, when `other` allows it: `policy` lists no allowedHostPaths (any path, writable), or each
 *   `other` entry lies under a `policy` entry (segment-wise prefix) that is writable or the `other`
 *   entry is read-only itself; `other` without entries allows any path, which only "no entries" covers;
 * - flexVolume / csi, when allowed: `policy` has no driver list, or lists every driver `other` lists
 *   (`other` without a list allows any driver).
 */
import type { PodSecurityPolicy } from "../../model/k8s-types.js";
import { ALL_VOLUMES, FS_TYPES } from "./fs-types.js";
import { hasPathPrefix } from "./host-path.js";

function allowedTypes(psp: PodSecurityPolicy): Set<string> {
  const listed = psp.spec.volumes ?? [];
  return new Set(listed.includes(ALL_VOLUMES) ? FS_TYPES : listed.filter((t) => FS_TYPES.includes(t)));
}

function driversCovered(mine: readonly string[] | undefined, theirs: readonly string[] | undefined): boolean {
  if (!mine?.length) return true;
  if (!theirs?.length) return false;
  return theirs.every((d) => mine.includes(d));
}

export function coversVolumes(policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean {
  const mine = allowedTypes(policy);
  const theirs = allowedTypes(other);
  for (const t of theirs) if (!mine.has(t)) return false;
  if (theirs.has("hostPath")) {
    const myPaths = policy.spec.allowedHostPaths ?? [];
    const theirPaths = other.spec.allowedHostPaths ?? [];
    if (myPaths.length > 0) {
      if (theirPaths.length === 0) return false;
      const covered = theirPaths.every((e) =>
        myPaths.some((a) => hasPathPrefix(e.pathPrefix, a.pathPrefix) && (e.readOnly === true || a.readOnly !== true)),
      );
      if (!covered) return false;
    }
  }
  if (
    theirs.has("flexVolume") &&
    !driversCovered(
      policy.spec.allowedFlexVolumes?.map((d) => d.driver),
      other.spec.allowedFlexVolumes?.map((d) => d.driver),
    )
  )
    return false;
  if (
    theirs.has("csi") &&
    !driversCovered(
      policy.spec.allowedCSIDrivers?.map((d) => d.name),
      other.spec.allowedCSIDrivers?.map((d) => d.name),
    )
  )
    return false;
  return true;
}
