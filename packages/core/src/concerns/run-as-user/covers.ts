/**
 * Shadowing for runAsUser. Only RunAsAny covers: every strategy admits a container with neither
 * runAsUser nor runAsNonRoot set (RunAsAny accepts it, MustRunAs fills the UID, MustRunAsNonRoot
 * writes `runAsNonRoot: true`), and `policy` MustRunAs would then write a UID and MustRunAsNonRoot
 * would write the marker, so the pod would not pass `policy` unchanged.
 */
import type { PodSecurityPolicy } from "../../model/k8s-types.js";

export function coversRunAsUser(policy: PodSecurityPolicy, _other: PodSecurityPolicy): boolean {
  return policy.spec.runAsUser?.rule === "RunAsAny";
}
