/**
 * Shadowing for seLinux. Only RunAsAny covers: every strategy admits a pod without pod-level
 * seLinuxOptions (RunAsAny accepts it, MustRunAs fills it), and `policy` MustRunAs would write them.
 */
import type { PodSecurityPolicy } from "../../model/k8s-types.js";

export function coversSELinux(policy: PodSecurityPolicy, _other: PodSecurityPolicy): boolean {
  return policy.spec.seLinux?.rule === "RunAsAny";
}
