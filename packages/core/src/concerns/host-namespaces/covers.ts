/**
 * Shadowing for hostPID/hostIPC: no defaulting; `other` admits a host namespace only when it allows
 * it, so `policy` must allow every host namespace `other` allows.
 */
import type { PodSecurityPolicy } from "../../model/k8s-types.js";

export function coversHostNamespaces(policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean {
  return (
    (other.spec.hostPID !== true || policy.spec.hostPID === true) &&
    (other.spec.hostIPC !== true || policy.spec.hostIPC === true)
  );
}
