/**
 * API defaulting the API server applies when it decodes a PSP (pkg/apis/policy/v1beta1/defaults.go):
 * only `allowPrivilegeEscalation` nil → true, so policies written before the field existed stay as
 * permissive as they were. Everything else stays as written: nil lists mean empty, a missing
 * `runAsGroup` means RunAsAny (psp-semantics.md §6).
 */
import type { PodSecurityPolicy } from "./k8s-types.js";
import type { PspInput } from "./schemas/psp.js";

/** A defaulted copy; the input is not changed. */
export function defaultPsp(psp: PspInput): PodSecurityPolicy {
  return {
    ...psp,
    spec: { ...psp.spec, allowPrivilegeEscalation: psp.spec.allowPrivilegeEscalation ?? true },
  };
}
