/**
 * Shadowing for allowPrivilegeEscalation. Every PSP admits a container with the value unset (it
 * fills it when it must), so `policy` covers only when it never writes and never refuses: it allows
 * escalation and has no defaultAllowPrivilegeEscalation.
 */
import type { PodSecurityPolicy } from "../../model/k8s-types.js";

export function coversPrivilegeEscalation(policy: PodSecurityPolicy, _other: PodSecurityPolicy): boolean {
  return policy.spec.allowPrivilegeEscalation !== false && policy.spec.defaultAllowPrivilegeEscalation == null;
}
