/**
 * Shadowing for hostNetwork and hostPorts: no defaulting. `policy` must allow hostNetwork if `other`
 * does, and every host port `other` admits (1–65535 inside its ranges; 0 means "no host port") must
 * lie in `policy`'s ranges.
 */
import type { PodSecurityPolicy } from "../../model/k8s-types.js";
import { rangesCovered } from "../run-as-group/covers.js";

const MAX_PORT = 65535;

export function coversHostNetworkAndPorts(policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean {
  if (other.spec.hostNetwork === true && policy.spec.hostNetwork !== true) return false;
  // Ports other admits; values outside 1–65535 cannot reach PSP (API validation refuses them).
  const wanted = (other.spec.hostPorts ?? []).map((r) => ({ min: Math.max(r.min, 1), max: Math.min(r.max, MAX_PORT) }));
  return rangesCovered(wanted, policy.spec.hostPorts ?? []);
}
