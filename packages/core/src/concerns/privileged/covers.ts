/** Shadowing for privileged: no defaulting; `policy` must allow privileged containers if `other` does. */
import type { PodSecurityPolicy } from "../../model/k8s-types.js";

export function coversPrivileged(policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean {
  return other.spec.privileged !== true || policy.spec.privileged === true;
}
