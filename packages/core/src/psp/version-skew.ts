/**
 * Where the engine (Kubernetes 1.24 behaviour) and the oracle (kube-apiserver v1.20) must disagree.
 * The engine follows the last PSP releases; the oracle differential asks `versionSkew(pod)` and skips
 * or flips its expectation for the pods listed, instead of reporting a false disagreement.
 */
import { SAFE_SYSCTLS_SINCE } from "../concerns/sysctls/patterns.js";
import { FS_TYPES_SINCE, volumeFsType } from "../concerns/volumes/fs-types.js";
import type { Pod } from "../model/k8s-types.js";

export interface VersionSkew {
  /** The field the difference is about, e.g. `spec.volumes[0]`. */
  path: string;
  /** First Kubernetes minor version with the 1.24 behaviour. */
  since: string;
  detail: string;
}

/** Every place where this pod is judged differently before `since` than by the engine. */
export function versionSkew(pod: Pod): VersionSkew[] {
  const out: VersionSkew[] = [];
  (pod.spec.volumes ?? []).forEach((v, i) => {
    const t = volumeFsType(v);
    const since = t ? FS_TYPES_SINCE[t] : undefined;
    if (t && since)
      out.push({
        path: `spec.volumes[${i}]`,
        since,
        detail: `${t} volumes are an unknown volume type before ${since}`,
      });
  });
  (pod.spec.securityContext?.sysctls ?? []).forEach((s, i) => {
    const since = SAFE_SYSCTLS_SINCE[s.name];
    if (since)
      out.push({
        path: `spec.securityContext.sysctls[${i}]`,
        since,
        detail: `sysctl ${s.name} is unsafe before ${since}`,
      });
  });
  return out;
}

/** True when `version` (e.g. "1.20") is older than `since` (e.g. "1.22"). */
export function isBefore(version: string, since: string): boolean {
  const [a1 = 0, a2 = 0] = version.split(".").map(Number);
  const [b1 = 0, b2 = 0] = since.split(".").map(Number);
  return a1 !== b1 ? a1 < b1 : a2 < b2;
}
