/** Shadowing for allowedProcMountTypes: no defaulting; `policy` must list every type `other` allows. */
import type { PodSecurityPolicy } from "../../model/k8s-types.js";

const allowedTypes = (psp: PodSecurityPolicy): readonly string[] =>
  psp.spec.allowedProcMountTypes?.length ? psp.spec.allowedProcMountTypes : ["Default"];

export function coversProcMount(policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean {
  const mine = allowedTypes(policy);
  return allowedTypes(other).every((t) => mine.includes(t));
}
